"""Where in the HTML each `{{ }}` of a template writes: between tags, where an element may
go, or elsewhere (inside a tag, an attribute's value, a title, a script, an option).

An interface string without a translation is marked as English with a `<span lang="en">`
(i18n.Untranslated), which only the first place can hold. The place is read from the
template's text before each `{{ }}`, in the order it is written: a branch of an `if`
goes on from where the one before it ended, as its text does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import nodes

# Elements whose content is text alone (a span there is shown as its tags, or dropped), and
# those of another markup, SVG and MathML, whose text a span would end, drawing the rest
# of the picture as HTML
_NO_SPAN = frozenset({"title", "script", "style", "textarea", "option", "svg", "math"})
_OPEN = re.compile(r"<(!--|!|/?[A-Za-z][\w-]*)")
_QUOTE_OR_END = re.compile(r"[\"'>]")
_ELEMENT = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class Place:
    where: str = "text"  # text, tag, a quote (" or '), comment or raw
    element: str = ""  # the tag being written, or the text-only element inside


TEXT = Place()


def after(place: Place, data: str) -> Place:
    """The place in the HTML at the end of `data`, written from `place`."""
    at = 0
    while at < len(data):
        place, at = _step(place, data, at)
    return place


def _step(place: Place, data: str, at: int) -> tuple[Place, int]:
    """The next place, and where in `data` it starts (its end when none follows)."""
    if place.where == "text":
        return _from_text(data, at)
    if place.where == "tag":
        return _from_tag(place, data, at)
    end, following = _end_of(place)
    found_at = (data.lower() if place.where == "raw" else data).find(end, at)
    if found_at < 0:
        return place, len(data)
    return following, found_at + len(end)


def _from_text(data: str, at: int) -> tuple[Place, int]:
    found = _OPEN.search(data, at)
    if found is None:
        return TEXT, len(data)
    if found[1] == "!--":
        return Place("comment"), found.end()
    return Place("tag", found[1].lower()), found.end()


def _from_tag(place: Place, data: str, at: int) -> tuple[Place, int]:
    found = _QUOTE_OR_END.search(data, at)
    if found is None:
        return place, len(data)
    if found[0] != ">":
        return Place(found[0], place.element), found.end()
    raw = place.element in _NO_SPAN
    return (Place("raw", place.element) if raw else TEXT), found.end()


def _end_of(place: Place) -> tuple[str, Place]:
    """What ends a comment, a text-only element's text or a quoted value; what follows."""
    if place.where == "comment":
        return "-->", TEXT
    if place.where == "raw":
        return f"</{place.element}", Place("tag", f"/{place.element}")
    return place.where, Place("tag", place.element)  # the quote that closes the value


def text_outputs(tree: nodes.Template) -> set[int]:
    """The ids of the expressions of `{{ }}` (and `{% trans %}`) written between tags, but
    not those of a `{% set %}` or `{% filter %}` block (their text may end up anywhere),
    nor of a macro writing no element (its text may be an attribute's: lang_attr), nor of
    a block of a template extending another writing none (it is written where the other's
    block is, which may be a title or an attribute: `<title>{% block title %}`)."""
    found: set[int] = set()
    _walk(tree, TEXT, True, found, tree.find(nodes.Extends) is not None)
    return found


def _walk(node: nodes.Node, place: Place, marking: bool, found: set[int],
          extending: bool = False) -> Place:
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Output):
            place = _output(child, place, marking, found)
        elif extending and isinstance(child, nodes.Block):  # its text: not written here
            _walk(child, TEXT, marking and _writes_elements(child), found)
        elif isinstance(child, (nodes.AssignBlock, nodes.FilterBlock)):
            place = _walk(child, place, False, found)
        elif isinstance(child, (nodes.Macro, nodes.CallBlock)):
            place = _walk(child, place, marking and _writes_elements(child), found)
        elif isinstance(child, nodes.Stmt):
            place = _walk(child, place, marking, found, extending)
    return place


def _output(node: nodes.Output, place: Place, marking: bool, found: set[int]) -> Place:
    for part in node.nodes:
        if isinstance(part, nodes.TemplateData):
            place = after(place, part.data)
        elif marking and place == TEXT:
            found.add(id(part))
    return place


def _writes_elements(node: nodes.Node) -> bool:
    return any(_ELEMENT.search(data.data) for data in node.find_all(nodes.TemplateData))
