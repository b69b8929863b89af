"""The ids a page's templates give elements of their own as written (`<main id="main">`):
a heading of a body on that page must not take one. Read from each template's parsed tree,
macro by macro, so that a page whose template imports `site_map` from `_macros.html` counts
the map's id, and not the id of the site table it never shows."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from jinja2 import nodes

from aze_site.render.template_shape import template_name

# An id written as it is (`id="main"`, `id='main'`, `ID = main`); one made as the page is
# (`id="{{ p.anchor }}"`) is not known here
LAYOUT_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"'{}<>\s]+)"|'([^"'{}<>\s]+)'"""
                       r"""|([^"'{}<>\s=`]+)(?=[\s/>]))""", re.IGNORECASE)
_LOADS = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
ANY = "*"  # a template named as the page renders: it may be any of them
OUTSIDE = ""  # the part of a template outside its macros


@dataclass(frozen=True)
class TemplateIds:
    """Of one template: the ids written in each part (OUTSIDE, or a macro's name), the names
    each part calls, what each imported name stands for (template, macro; ANY for a
    template imported whole) and the templates each part extends or includes."""

    ids: Mapping[str, frozenset[str]]
    names: Mapping[str, frozenset[str]]
    imported: Mapping[str, tuple[str, str]]
    pulls: Mapping[str, frozenset[str]]


def ids_in(text: str) -> set[str]:
    """The ids a piece of a template's literal text writes."""
    return {"".join(found) for found in LAYOUT_ID.findall(text)}


def template_ids(tree: nodes.Template) -> TemplateIds:
    ids: dict[str, set[str]] = {OUTSIDE: set()}
    names: dict[str, set[str]] = {OUTSIDE: set()}
    imported: dict[str, tuple[str, str]] = {}
    pulls: dict[str, set[str]] = {OUTSIDE: set()}
    todo: list[tuple[nodes.Node, str]] = [(tree, OUTSIDE)]
    while todo:
        node, part = todo.pop()
        if isinstance(node, nodes.Macro):
            part = node.name
            ids.setdefault(part, set())
            names.setdefault(part, set())
            pulls.setdefault(part, set())
        elif isinstance(node, nodes.TemplateData):
            ids[part].update(ids_in(node.data))
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            ids[part].update(ids_in(node.value))  # `{% trans %}`'s text, `'<p id="x">'|safe`
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            names[part].add(node.name)
        elif isinstance(node, _LOADS):
            _load(node, imported, pulls[part])
        todo.extend((child, part) for child in node.iter_child_nodes())
    return TemplateIds({k: frozenset(v) for k, v in ids.items()},
                       {k: frozenset(v) for k, v in names.items()}, imported,
                       {k: frozenset(v) for k, v in pulls.items()})


def _load(node: nodes.Node, imported: dict[str, tuple[str, str]], pulls: set[str]) -> None:
    named = getattr(node, "template", None)
    name = template_name(named.value) if isinstance(named, nodes.Const) and \
        isinstance(named.value, str) else ANY  # a list of names, or one computed
    if isinstance(node, nodes.FromImport):
        for each in node.names:
            macro, bound = each if isinstance(each, tuple) else (each, each)
            imported[bound] = (name, macro if name != ANY else ANY)
    elif isinstance(node, nodes.Import):
        imported[node.target] = (name, ANY)
    else:  # extends, include: all it writes outside its macros, and what that calls
        pulls.add(name)


def page_ids(name: str, shapes: Mapping[str, TemplateIds]) -> frozenset[str]:
    """The ids a page made with template `name` may have: those written outside macros in
    it and in every template it extends or includes, and those of every macro they call,
    transitively (any id of any template where a name is computed as the page renders).
    A name a template neither defines nor imports may be a macro of a template that
    includes or extends it (they share the page's names): it is looked up in those too."""
    walk = _Walk(shapes)
    todo = [(name, OUTSIDE)]
    while todo:
        while todo:
            todo += walk.visit(*todo.pop())
        todo = walk.shared_calls()
    return frozenset(walk.found)


class _Walk:
    """page_ids' walk through the parts (template, macro or OUTSIDE) a page may write."""

    def __init__(self, shapes: Mapping[str, TemplateIds]) -> None:
        self.shapes = shapes
        self.found: set[str] = set()
        self.seen: set[tuple[str, str]] = set()
        self.shared: set[str] = set()  # the templates whose own names the page's context holds
        self.loose: set[str] = set()  # names called that are not their own template's

    def visit(self, template: str, part: str) -> list[tuple[str, str]]:
        """Takes the ids of one part; returns the parts it leads to."""
        if (template, part) in self.seen:
            return []
        self.seen.add((template, part))
        if template == ANY:
            self.found.update(i for shape in self.shapes.values()
                              for each in shape.ids.values() for i in each)
            return []
        shape = self.shapes.get(template)
        if shape is None:
            return []
        if part == ANY:  # a template imported whole: any of its macros
            return [(template, macro) for macro in shape.ids if macro != OUTSIDE]
        if part == OUTSIDE:
            self.shared.add(template)
        self.found.update(shape.ids.get(part, ()))
        called, unknown = _called(shape, shape.names.get(part, ()), template)
        self.loose |= unknown
        return [(pulled, OUTSIDE) for pulled in shape.pulls.get(part, ())] + called

    def shared_calls(self) -> list[tuple[str, str]]:
        """The parts the names called from elsewhere stand for in the templates sharing
        the page's names, not yet visited."""
        return [called for template in self.shared
                for called in _called(self.shapes[template], self.loose, template)[0]
                if called not in self.seen]


def _called(shape: TemplateIds, called: Collection[str],
            template: str) -> tuple[list[tuple[str, str]], set[str]]:
    """The parts (template, macro) the names a part calls stand for, and the names that
    are none of the template's own."""
    parts: list[tuple[str, str]] = []
    unknown: set[str] = set()
    for name in called:
        if name in shape.ids and name != OUTSIDE:
            parts.append((template, name))
        elif name in shape.imported:
            parts.append(shape.imported[name])
        else:
            unknown.add(name)
    return parts, unknown
