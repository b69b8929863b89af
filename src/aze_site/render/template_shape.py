"""What Jinja lets pass in a template without a word, yet loses what an editor wrote: a
block its parent template does not have (what it holds is never shown), a name imported
from a template that does not define it (said only where it is called, if ever), text
before an extends (written above the parent's doctype). Found
from each template's parsed shape, before any page is rendered, and said once at its line;
so is an empty template that others extend or import from (their pages would be blank)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from aze_site.files import skipped_name
from aze_site.render.template_column import line_of, written_column


@dataclass(frozen=True)
class Shape:
    """What of a template the checks need: the template it extends (a name written as it
    is; None: none, or one computed as it renders), its blocks not inside another of its
    blocks (name, line), the names of all its blocks, what it imports by name (template,
    name, line) and the names it defines (macros, values set, names imported)."""

    extends: str | None
    dynamic: bool  # extends a template whose name is computed
    blocks: tuple[tuple[str, int], ...]
    all_blocks: frozenset[str]
    imports: tuple[tuple[str, str, int], ...]
    defines: frozenset[str]
    # what it uses of a template imported whole (template, name it is imported as, name,
    # line): `{% import "x.html" as m %}` and `m.hero`
    used: tuple[tuple[str, str, str, int], ...] = ()
    empty: bool = False  # nothing but white space
    preamble: int | None = None  # the line of what it writes before its extends, if anything
    loads: tuple[tuple[str, int], ...] = ()  # templates it must find (name, line)
    # the templates it always loads when it renders (kind, name, line): not in an if, a
    # loop, a macro or a block a child may replace
    always: tuple[tuple[str, str, int], ...] = ()


def template_name(name: str) -> str:
    """A template's name as Jinja's loader reads it: './x.html' and 'a//b.html' are
    'x.html' and 'a/b.html'."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))


def shape_of(tree: nodes.Template, text: str) -> Shape:
    loads = _named_loads(tree)
    every = list(tree.find_all(nodes.Extends))
    extends = every[0] if len(every) == 1 and every[0] in tree.body else None
    name = template_name(extends.template.value) if extends is not None and \
        isinstance(extends.template, nodes.Const) and isinstance(extends.template.value, str) \
        else None
    # one parent, named as it is: else it is chosen as the page renders (an {% if %})
    return Shape(extends=name, dynamic=bool(every) and name is None,
                 blocks=tuple((block.name, block.lineno) for block in _outer_blocks(tree)
                              if block.name not in _called(tree)),
                 all_blocks=frozenset(block.name for block in tree.find_all(nodes.Block)),
                 imports=tuple((template_name(node.template.value),
                                name if isinstance(name, str) else name[0],
                                node.lineno) for node in tree.find_all(nodes.FromImport)
                               if isinstance(node.template, nodes.Const)
                               and isinstance(node.template.value, str) for name in node.names),
                 defines=frozenset(_defined(tree)), used=_used(tree),
                 empty=not text.strip(),
                 preamble=_preamble(tree),
                 loads=tuple((name, line) for _k, name, line, _a, optional in loads
                             if not optional),
                 always=tuple((kind, name, line) for kind, name, line, always, _o in loads
                              if always))


_LOADS = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
_MAYBE = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.Block)
Load = tuple[str, str, int, bool, bool]  # kind, template, line, always made, may be missing


def _named_loads(node: nodes.Node, always: bool = True) -> list[Load]:
    """Each template the node names to load, in the order written (a name computed as it
    renders is not named): whether it is loaded whenever the node renders (not in an if, a
    loop, a macro or a block a child may replace), and whether it may be missing (an
    include that says 'ignore missing')."""
    found: list[Load] = []
    for child in node.iter_child_nodes():
        name = getattr(child, "template", None)
        if isinstance(child, _LOADS) and isinstance(name, nodes.Const) and \
                isinstance(name.value, str):
            kind = {nodes.Extends: "extends", nodes.Include: "include"}.get(type(child), "import")
            optional = isinstance(child, nodes.Include) and child.ignore_missing
            found.append((kind, template_name(name.value), child.lineno, always, optional))
        found.extend(_named_loads(child, always and not isinstance(child, _MAYBE)))
    return found


def missing(shapes: dict[str, Shape], names: set[str],
            sources: dict[str, str]) -> tuple[list[Problem], set[str]]:
    """Each template that others name but that is not among `names` (the folder's): one
    error where the first of them names it, not one at each template that does, and the
    names missing (the pages made with them then say nothing more). `sources`: each
    template's text, for the column."""
    users: dict[str, list[tuple[str, int]]] = {}
    for name, shape in sorted(shapes.items()):
        for wanted, line in shape.loads:
            parts = wanted.split("/")
            if not wanted or ".." in parts or any(map(skipped_name, parts)):
                continue  # refused, not missing: said where a page renders it
            if wanted not in names:
                users.setdefault(wanted, []).append((name, line))
    found = []
    for wanted, using in sorted(users.items()):
        others = len({name for name, _line in using}) - 1
        also = f" ({others} other template{'s name' if others > 1 else ' names'} it too)" \
            if others else ""
        found.append((using[0][0], using[0][1],
                      f"template '{wanted}' not found: there is no templates/{wanted}{also}"))
    return _placed(found, sources), set(users)


def _preamble(tree: nodes.Template) -> int | None:
    """The line of the first text or value written before the template's extends: Jinja
    writes it above the page the parent makes, before its doctype."""
    first = None
    for node in tree.body:
        if isinstance(node, nodes.Extends):
            return first
        if first is None and isinstance(node, nodes.Output):
            first = next((_line(child) for child in node.nodes if not _blank(child)), None)
    return None


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LEAD = re.compile(r"(?:\s|<!--.*?-->)*", re.S)


def _blank(node: nodes.Node) -> bool:
    """White space and HTML comments: before a doctype, they change nothing."""
    return isinstance(node, nodes.TemplateData) and not _COMMENT.sub("", node.data).strip()


def _line(node: nodes.Node) -> int:
    """Where a node's first visible character is (text starts where the tag before ends)."""
    if isinstance(node, nodes.TemplateData):
        lead = _LEAD.match(node.data)
        return node.lineno + (lead.group().count("\n") if lead else 0)
    return node.lineno


def _called(tree: nodes.Template) -> set[str]:
    """The blocks the template shows itself, `{{ self.sidebar() }}`: not only a parent's."""
    return {node.attr for node in tree.find_all(nodes.Getattr)
            if isinstance(node.node, nodes.Name) and node.node.name == "self"}


def _defined(tree: nodes.Template) -> set[str]:
    """Every name the template could export, wherever it is set (more than Jinja exports,
    so that nothing it does export is taken for missing)."""
    names = {macro.name for macro in tree.find_all(nodes.Macro)}
    targets = [node.target for node in tree.find_all(nodes.Assign)] + \
        [node.target for node in tree.find_all(nodes.AssignBlock)]
    names.update(found.name for target in targets  # a name, or names unpacked (`set a, b`)
                 for found in (target, *target.find_all(nodes.Name))
                 if isinstance(found, nodes.Name))
    names.update(node.target for node in tree.find_all(nodes.Import))
    names.update(name if isinstance(name, str) else name[1]
                 for node in tree.find_all(nodes.FromImport) for name in node.names)
    return names


def _used(tree: nodes.Template) -> tuple[tuple[str, str, str, int], ...]:
    """`m.name` where `m` is a template imported whole, by a name the template sets nowhere
    else and imports no other template as (else `m` may be something other than that
    template where it is used), and not asked anywhere whether it is defined (`m.name is
    defined`, or given a default: it may well not be)."""
    imported: dict[str, set[str]] = {}  # alias -> the templates imported as it ("": computed)
    for node in tree.find_all(nodes.Import):  # most import none: the walks below are spared
        named = node.template.value if isinstance(node.template, nodes.Const) else None
        imported.setdefault(node.target, set()).add(
            template_name(named) if isinstance(named, str) else "")
    if not imported:
        return ()
    bound = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
    # one template, named as it is, and nothing else by that name
    modules = {alias: next(iter(names)) for alias, names in imported.items()
               if len(names) == 1 and "" not in names and alias not in bound}
    uses = [(node.node.name, node.attr, node.lineno) for node in tree.find_all(nodes.Getattr)
            if isinstance(node.node, nodes.Name) and node.node.name in modules]
    # `m.name is defined`, `m.name|default(...)`: it may well not be
    asked = {(test.node.node.name, test.node.attr)
             for test in (*tree.find_all(nodes.Test), *tree.find_all(nodes.Filter))
             if test.name in ("defined", "undefined", "default", "d")
             and isinstance(test.node, nodes.Getattr) and isinstance(test.node.node, nodes.Name)}
    return tuple((modules[alias], alias, attr, line) for alias, attr, line in uses
                 if (alias, attr) not in asked)


def _outer_blocks(node: nodes.Node) -> list[nodes.Block]:
    found: list[nodes.Block] = []
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            found.append(child)
        else:
            found.extend(_outer_blocks(child))
    return found


# The filters given the name of a test (or of a filter) to run on each item, and where
_NAMING = {"select": ("test", 0), "reject": ("test", 0), "selectattr": ("test", 1),
           "rejectattr": ("test", 1), "map": ("filter", 0)}


def named_filters_and_tests(tree: nodes.Template) -> list[tuple[str, str, int]]:
    """Each filter and test the template names (kind, name, line), in a branch a page takes
    or not: `|f`, `{% filter f %}`, `is t`, and a name written as text given to select(),
    reject(), selectattr() and rejectattr() (a test) and to map() (a filter)."""
    found = []
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        found.append(("filter" if isinstance(node, nodes.Filter) else "test", node.name,
                      node.lineno))
        kind, at = _NAMING.get(node.name, ("", -1)) if isinstance(node, nodes.Filter) else \
            ("", -1)
        named = node.args[at] if 0 <= at < len(node.args) else None
        if isinstance(named, nodes.Const) and isinstance(named.value, str):
            found.append((kind, named.value, named.lineno))
    return found


Problem = tuple[str, int, int, str]  # template, line, column, message
Said = tuple[str, int, str]  # a problem before its column is looked for


def problems(shapes: dict[str, Shape], sources: dict[str, str]) -> list[Problem]:
    """Each empty template others are made with, each name a template imports from one
    that does not define it, and each block a template fills that the templates it
    extends do not have. `sources`: each template's text, for the column."""
    found = _empty(shapes) + _endless(shapes)
    for name, shape in sorted(shapes.items()):
        if shape.preamble is not None:
            found.append((name, shape.preamble, f"this is written before '{{% extends %}}', "
                          f"above the page {shape.extends or 'the parent'} makes (before its "
                          "<!doctype html>): move it into a block, or delete it"))
        found += _imports(name, shape, shapes)
        found += _blocks(name, shape, shapes)
    return _placed(found, sources)


def _placed(found: list[Said], sources: dict[str, str]) -> list[Problem]:
    """Each problem at the column of what it names on its line, where it is written."""
    return [(name, line, written_column(line_of(sources.get(name, ""), line), message), message)
            for name, line, message in found]


def _endless(shapes: dict[str, Shape]) -> list[Said]:
    """Each template that always loads one that always leads back to it: rendering would go
    round until Python's recursion ran out (minutes of a build, a line that depends on where
    it did). Said once a loop, by its first template in name order, at its own load."""
    found = []
    for name in sorted(shapes):
        for kind, target, line in shapes[name].always:
            path = _way_back(target, name, shapes)
            if path is not None and name == min(path):
                chain = " → ".join([name, *path])
                found.append((name, line, f"this {kind} of '{target}' leads back here "
                              f"without end ({chain}): put it inside an {{% if %}} that "
                              "stops it, or take it out"))
    return found


def _way_back(start: str, home: str, shapes: dict[str, Shape]) -> list[str] | None:
    """The templates from `start` back to `home` by loads always made, if there is a way."""
    todo: list[list[str]] = [[start]]
    seen = {start}
    while todo:
        path = todo.pop(0)
        if path[-1] == home:
            return path
        for _kind, target, _line in shapes[path[-1]].always if path[-1] in shapes else ():
            if target not in seen:
                seen.add(target)
                todo.append([*path, target])
    return None


def _empty(shapes: dict[str, Shape]) -> list[Said]:
    users: dict[str, set[str]] = {}
    for name, shape in shapes.items():
        for used in (shape.extends, *(other for other, _, _ in shape.imports)):
            if used is not None and used in shapes and shapes[used].empty:
                users.setdefault(used, set()).add(name)
    found = []
    for name, using in sorted(users.items()):
        named = sorted(using)
        who = ", ".join(named[:3]) + f" and {len(named) - 3} more" if len(named) > 3 else \
            " and ".join((", ".join(named[:-1]), named[-1])) if len(named) > 1 else named[0]
        found.append((name, 0, f"this template is empty, yet {who} "
                      f"{'is' if len(named) == 1 else 'are'} made with it: "
                      f"{'its' if len(named) == 1 else 'their'} pages would "
                      "lose what it held (was its text deleted by mistake?)"))
    return found


def _imports(name: str, shape: Shape, shapes: dict[str, Shape]) -> list[Said]:
    """Each name imported from a template (`{% from x import name %}`), or used from one
    imported whole (`{% import x as m %}`, `m.name`), that it does not define."""
    wanted = [(other, used, line, f"{other} has no macro '{used}' to import")
              for other, used, line in shape.imports]
    wanted += [(other, used, line, f"{other} (imported as '{alias}') has no macro '{used}'")
               for other, alias, used, line in shape.used]
    found = []
    for other, used, line, said in wanted:
        defined = _defines(other, shapes)
        if defined is None or used in defined:
            continue  # missing, unreadable, named as it renders or empty: said elsewhere
        meant = difflib.get_close_matches(used, sorted(defined), n=1, cutoff=0.6)
        found.append((name, line, said + (f" (did you mean '{meant[0]}'?)" if meant else "")))
    return found


def _defines(name: str, shapes: dict[str, Shape]) -> frozenset[str] | None:
    """Every name a template and those it extends could export; None where one of them is
    unknown (missing, unreadable, named as it renders), or it is empty."""
    parents = _ancestors(name, shapes) if name in shapes else None
    if parents is None or shapes[name].empty:
        return None
    return shapes[name].defines.union(*(shapes[parent].defines for parent in parents))


def _blocks(name: str, shape: Shape, shapes: dict[str, Shape]) -> list[Said]:
    parents = _ancestors(name, shapes) if shape.extends is not None else None
    if not parents or any(shapes[parent].empty for parent in parents):
        return []
    offered = frozenset().union(*(shapes[parent].all_blocks for parent in parents))
    found = []
    for block, line in shape.blocks:
        if block in offered:
            continue
        meant = difflib.get_close_matches(block, sorted(offered), n=1, cutoff=0.6)
        hint = f"did you mean '{meant[0]}'?" if meant else \
            ("its blocks: " + ", ".join(sorted(offered)) if offered else "it has no blocks")
        found.append((name, line, f"{shape.extends} has no block '{block}' for this one to "
                      f"fill, so nothing in it is shown ({hint})"))
    return found


def _ancestors(name: str, shapes: dict[str, Shape]) -> list[str] | None:
    """The templates `name` extends, nearest first; None where one is unknown (missing,
    unreadable, named as it renders) or the chain leads back to itself: said elsewhere."""
    chain: list[str] = []
    current = shapes[name]
    while current.extends is not None:
        parent = current.extends
        if parent not in shapes or parent in chain or parent == name:
            return None
        chain.append(parent)
        current = shapes[parent]
    return None if current.dynamic else chain


# `{ page.title }}`: a value's `{{` with one brace lost, which Jinja writes into every page
# as it is. What is inside must read as a template's value; CSS (`a{color:red}}`) and JSON
# (`{"a": {"b": 1}}`) do not. Inside <script> and <style> braces are code's, and code's
# often do (`{ init() }}`, `{return}}`, `{ page }}`): not looked at there.
_HALF_OPENED = re.compile(r"(?<!\{)\{(?![{%#])[ \t]*([A-Za-z_][^{}\n]*?)[ \t]*\}\}")
_CODE_TAG = re.compile(r"<(/?)(?:script|style)\b", re.I)


def half_opened(env: jinja2.Environment, text: str, name: str) -> list[tuple[int, int, str]]:
    """Each `{ value }}` in a template's text (not in `{% raw %}`, a script or a style), as
    (line, column, message)."""
    found: list[tuple[int, int, str]] = []
    seen: Counter[tuple[int, str]] = Counter()  # how many of each were found on a line
    raw = code = False
    for line, kind, value in env.lexer.tokeniter(env.preprocess(text, name), name):
        raw = kind == "raw_begin" or (raw and kind != "raw_end")
        if kind != "data" or raw:
            continue
        outside, code = _outside_code(value, code)
        for match in _HALF_OPENED.finditer(outside):
            if _a_value(env, match[1]):
                at = line + value.count("\n", 0, match.start())
                found.append((at, _column_of(line_of(text, at), match[0], seen[at, match[0]]),
                              f"'{match[0]}' is written into pages as it is, braces and all: "
                              f"to show the value, open it with two braces, "
                              f"'{{{{ {match[1]} }}}}'"))
                seen[at, match[0]] += 1
    return found


def _outside_code(value: str, code: bool) -> tuple[str, bool]:
    """`value` with what is inside a <script> or <style> element blanked (its lines kept),
    and whether it ends inside one (`code`: whether it begins inside one)."""
    kept, start = [], 0
    for tag in _CODE_TAG.finditer(value):
        part = value[start:tag.start()]
        kept.append(re.sub(r"[^\n]", " ", part) if code else part)
        code, start = not tag[1], tag.start()
    part = value[start:]
    kept.append(re.sub(r"[^\n]", " ", part) if code else part)
    return "".join(kept), code


def _a_value(env: jinja2.Environment, expression: str) -> bool:
    """Whether `expression` reads as a template's value."""
    try:
        env.parse(f"{{{{ {expression} }}}}")
    except jinja2.TemplateSyntaxError:
        return False
    return True


def _column_of(text: str, written: str, nth: int) -> int:
    """The column of the `nth` `written` on the line `text` (not inside a `{{`, which holds
    the same characters)."""
    places = [m.start() for m in re.finditer(rf"(?<!\{{){re.escape(written)}", text)]
    return places[nth] + 1 if nth < len(places) else 0
