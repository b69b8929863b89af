"""The Jinja environment of the theme: sandboxed, auto-escaping, loading only from templates/.

Also the globals every template may use (the filters, which depend on the page rendered,
are the renderer's: render/pages.py). The diagnostic a template error becomes is
render/template_errors.py's.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
import time
import traceback
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.lexer import Token, TokenStream
from jinja2.nodes import Expr, Template
from jinja2.parser import Parser
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, is_internal_attribute, modifies_known_mutable

from aze_site.content.regions import region_slug, regions_of
from aze_site.files import skipped_name
from aze_site.model import GROUPS, PROTECTION, RED_LIST, RED_LIST_MEANING
from aze_site.render import filter_args, worldmap
from aze_site.render.html_places import text_outputs
from aze_site.render.i18n import Untranslated
from aze_site.render.joins import Optimizer, format_text, join_items, text_of
from aze_site.render.kinds import kind_of
from aze_site.render.printed import PLAIN, refuse_unprinted, unprinted
from aze_site.search.pagefind import SEARCH_URL
from aze_site.slugs import species_slug

# Part of the names of compiled templates kept between runs: bump it when what a template
# compiles to changes without its source changing (2: the filters became per page, so no
# constant like '/sites/'|rel is computed once when compiling; 3: `{{ }}` writes through
# output_text; 4: each loop goes through loop_items; 5: STATEFUL; 6: a set of a namespace's
# field checks it is one, at the set's line; 7: and that its name is defined; 8: a
# template printing a pair, `{{ a, b }}`, is refused; 9: `{{ }}` between tags writes
# through output_in_text; 10: not inside svg or math; 11: output_text is told which `{{`
# of its line it writes, and output_plain writes outside auto-escaping; 12: not in a block
# of a template extending another that writes no element; 13: none prints nothing; 14:
# nor is it made 'None' by `~`, which joins through join_markup and join_plain, nor by
# `|string`, `|join` and `|format` computed when compiling: `{{ none|string }}`; 15: markup
# joined by `~` when compiling stays markup; 16: and in `{% autoescape x %}`, x a value;
# 17: the joins imported from render/joins.py).
COMPILED_FORMAT = 17

PRINTED_PAIR = ("a comma inside '{{ }}' writes its values as Python shows them, in brackets: "
                "write each in its own '{{ }}', or join them with '~'")

# markupsafe's own escaper in C, behind markupsafe.escape (None if a release renames it).
_ESCAPE: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)


def output_text(value: Any, nth: int = 0) -> str:
    """What `{{ value }}` adds to a page: the characters markupsafe.escape would give, as a
    plain string. A piece of a page is only ever joined to the others (a macro's or a
    block's result is made markup after the join), so wrapping each piece in a Markup, as
    escape does, was a third of escape's cost, some 600 times a page. `nth`: which `{{` of
    its line this is (0: the first), for the column of a value refused (printed.py). None
    (a field left empty) prints nothing, as in Hugo: Python's "None" is no word of a page."""
    if value is None:
        return ""
    if _ESCAPE is None:
        if not hasattr(value, "__html__"):
            refuse_unprinted(type(value), nth)
        return markupsafe.escape(value)
    kind = type(value)
    if kind is str:
        return _ESCAPE(value)
    if kind not in PLAIN:  # what is printed is text, markup or a number, bar a few
        html = getattr(value, "__html__", None)  # markup stays as it is; undefined has none
        if html is not None:
            return html()  # type: ignore[no-any-return]
        refuse_unprinted(kind, nth)
    return _ESCAPE(str(value))


def output_in_text(value: Any, nth: int = 0) -> str:
    """What `{{ value }}` adds between tags: an interface string not translated into the
    page's language marked as English, so that it is read out as English."""
    if isinstance(value, Untranslated):
        return f"{value.start}{value}</span>"
    return output_text(value, nth)


def output_plain(value: Any, nth: int = 0) -> str:
    """What `{{ value }}` adds to a page where auto-escaping is off (none: nothing)."""
    if value is None:
        return ""
    if type(value) is not str:
        refuse_unprinted(type(value), nth)
    return str(value)


class _Generator(CodeGenerator):
    """Jinja's code generator, writing `{{ }}` in an auto-escaped template through
    output_text instead of markupsafe.escape (what is written stays the same), or
    output_in_text where it writes between tags; outside one through output_plain instead
    of str; each told which `{{` of its line it writes where it is not the first."""

    _in_text: frozenset[int] = frozenset()  # ids of the `{{ }}` written between tags

    def __init__(self, environment: jinja2.Environment, *args: Any, **kwargs: Any) -> None:
        super().__init__(environment, *args, **kwargs)
        self._folder = Optimizer(environment)
        if self.optimizer is not None:
            self.optimizer = self._folder

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile:
            super()._output_child_pre(node, frame, finalize)
            return
        if not frame.eval_ctx.autoescape:
            self.write("output_plain(")
        else:
            self.write("output_in_text(" if id(node) in self._in_text else "output_text(")
        if finalize.src is not None:
            self.write(finalize.src)

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile:
            super()._output_child_post(node, frame, finalize)
            return
        if finalize.src is not None:
            self.write(")")
        nth = getattr(node, PRINT_NTH, 0)
        self.write(f", {nth})" if nth else ")")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """`a ~ b` joined by join_markup or join_plain, which make none nothing (and folded
        by joins.Optimizer where it is known when the template is compiled)."""
        if frame.eval_ctx.volatile:  # `{% autoescape x %}`, x known as the page is made
            # (Jinja's own reads `context.eval_ctx.volatile`, never true then: markup escaped)
            self.write("(join_markup if context.eval_ctx.autoescape else join_plain)((")
        else:
            self.write("join_markup((" if frame.eval_ctx.autoescape else "join_plain((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_to_const(self, node: Expr, frame: Frame, finalize: Any) -> str:
        # a value with no text of its own is left to be refused as the page is made, not
        # written as Python's text when the template is compiled (`{{ [1]|slice(2) }}`)
        if not isinstance(node, nodes.TemplateData):
            node = self._folder.visit(node, frame.eval_ctx)  # `'a' ~ none`: "a"
            const = node.as_const(frame.eval_ctx)
            if const is None:
                return ""  # as output_text writes it
            kind: type = type(const)
            if unprinted(kind) is not None:
                raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self._in_text = frozenset(text_outputs(node))
        # What each {% for %} goes over passes through loop_started as the loop starts: as
        # a filter, which Jinja calls directly (a call through the template's context cost
        # a tenth of the templates' time), before the filters are looked up.
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None,
                                     lineno=loop.iter.lineno)
        super().visit_Template(node, frame)
        # run when the module is made, before any of its functions is called
        self.writeline("from aze_site.render.environment import output_in_text, output_plain, "
                       "output_text")
        self.writeline("from aze_site.render.joins import join_markup, join_plain")
        if _sets_outside_macros(node):
            self.writeline(f"{STATEFUL} = True")


    def visit_Assign(self, node: nodes.Assign, frame: Frame) -> None:
        self._namespaces_only(node, frame)
        super().visit_Assign(node, frame)

    def visit_AssignBlock(self, node: nodes.AssignBlock, frame: Frame) -> None:
        self._namespaces_only(node, frame)
        super().visit_AssignBlock(node, frame)

    def _namespaces_only(self, node: nodes.Assign | nodes.AssignBlock, frame: Frame) -> None:
        """`{% set x.name = ... %}` sets a field of a namespace() only. Jinja checks it
        before it marks the set's line (its error was said a line too high), and not at all
        for `{% set x.name %}...{% endset %}`, which would change a dict given to the
        template: checked here first, at the set's line, naming what is set."""
        self.newline(node)
        seen: set[str] = set()
        for ref in (node.target, *node.target.find_all(nodes.NSRef)):
            if isinstance(ref, nodes.NSRef) and ref.name not in seen:
                seen.add(ref.name)
                value = frame.symbols.ref(ref.name)
                self.writeline(f"if {value} is missing or isinstance({value}, Undefined):")
                self.indent()  # a name misspelt
                self.writeline(f"raise TemplateRuntimeError({repr(ref.name) + ' is undefined'!r})")
                self.outdent()
                self.writeline(f"if not isinstance({value}, Namespace):")
                self.indent()
                self.writeline(f"raise TemplateRuntimeError({not_namespace(ref.name, ref.attr)!r})")
                self.outdent()


PRINT_NTH = "aze_print_nth"  # on the expression of a `{{ }}`: which `{{` of its line it is
_SUBPARSE = Parser.subparse.__code__


class _Parser(Parser):
    """Jinja's parser, noting on the expression of each `{{ }}` which `{{` of its line it is
    (Jinja's nodes know their line only), so that a value it may not print is said at its
    column. The `{{` of a `{% trans %}` are counted too: a line's text holds them."""

    def __init__(self, environment: jinja2.Environment, source: str, name: str | None,
                 filename: str | None) -> None:
        super().__init__(environment, source, name, filename)
        self._opened: Counter[int] = Counter()  # how many `{{` each line has had
        self._nth = 0  # of the last `{{` read, on its line
        self.stream = TokenStream(self._counted(self.stream), name, filename)

    def _counted(self, stream: TokenStream) -> Iterator[Token]:
        for token in stream:
            if token.type == "variable_begin":
                self._nth = self._opened[token.lineno]
                self._opened[token.lineno] += 1
            yield token

    def parse_tuple(self, *args: Any, **kwargs: Any) -> Any:
        node = super().parse_tuple(*args, **kwargs)
        if self._nth and sys._getframe(1).f_code is _SUBPARSE:  # the expression of a `{{ }}`
            setattr(node, PRINT_NTH, self._nth)
        return node


def not_namespace(name: str, attr: str) -> str:
    return (f"'{name}.{attr}' cannot be set: only a namespace() made in the template can have "
            f"its fields set, e.g. {{% set ns = namespace({attr}=...) %}} and then "
            f"{{% set ns.{attr} = ... %}}")


STATEFUL = "aze_stateful"  # in a compiled template: it sets values outside its macros


def _sets_outside_macros(node: nodes.Node) -> bool:
    """Whether a template sets a value outside its macros: imported, its module is made
    again for each page (`_Template`), else a namespace() there would carry values from
    page to page, and an update would publish what a clean build does not."""
    if isinstance(node, (nodes.Macro, nodes.CallBlock)):
        return False
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        return True
    return any(_sets_outside_macros(child) for child in node.iter_child_nodes())


class _Template(jinja2.Template):
    def _get_default_module(self, ctx: Context | None = None) -> Any:
        if self.root_render_func.__globals__.get(STATEFUL):
            self._module = None  # made again: nothing it holds outlives the page
        return super()._get_default_module(ctx)


RENDER_LIMIT = 10.0  # seconds one page's template may run: a page takes milliseconds


class TooSlow(jinja2.TemplateRuntimeError):
    """A page's template ran on past its deadline."""


class Deadline:
    """The time the template of the page rendered must end by (one page at a time in a
    process). A template has no `while`, and `range` and the sizes of values are bounded, so
    what runs on is loops inside loops or calls that multiply: the clock is read as each
    loop starts, at each call (a macro's, a recursive loop's) and each `*` and `**` (not at
    each item of a loop: that cost a sixth of the templates' time). A loop that ran out
    once fails as it starts again; a template that ran out fails its next pages at once
    (queries/pages.py)."""

    def __init__(self) -> None:
        self.at = math.inf
        self.cpu = 0.0  # the thread's processor time when the page began
        self.failed: set[tuple[Any, int]] = set()  # (code, line) of loops that ran out

    def start(self) -> None:
        self.at = time.monotonic() + RENDER_LIMIT
        self.cpu = time.thread_time()

    def passed(self) -> bool:
        """Whether the page ran on for its limit in processor time, not in time on the
        clock: on a busy machine (more --jobs than cores, say) a page waits its turn for
        seconds, and that is no fault of its template. Called once the clock passes `at`
        (reading it costs less), which is then put off by the processor time left."""
        used = time.thread_time() - self.cpu
        if used < RENDER_LIMIT:
            self.at = time.monotonic() + RENDER_LIMIT - used
            return False
        return True

    def stop(self) -> None:
        """The page's render is over: what renders next outside a page (a test, a tool) has
        no deadline, rather than one that passed since."""
        self.at = math.inf


DEADLINE = Deadline()


LOOP_FILTER = "_loop_started"


def too_slow() -> TooSlow:
    return TooSlow(f"the page's template ran on for more than {RENDER_LIMIT:g} s here: a loop "
                   "over too many items, loops inside loops, or a macro that calls itself "
                   "too often")


@jinja2.pass_context  # never computed once for all when a template compiles
def loop_started(context: Context, iterable: Any) -> Any:
    """What a template's loop goes over, once the clock says it may (Deadline)."""
    if (time.monotonic() > DEADLINE.at and DEADLINE.passed()) or \
            (DEADLINE.failed and _loop_at() in DEADLINE.failed):
        DEADLINE.failed.add(_loop_at())
        raise too_slow()
    return iterable


def _loop_at() -> tuple[Any, int]:
    """The template's code and line that start the loop."""
    frame = sys._getframe(2)
    return frame.f_code, frame.f_lineno


class RefusedTemplate(jinja2.TemplateNotFound):
    """A template that exists but is refused; its message says why."""


class LinkedOutside(RefusedTemplate):
    """A template that is a link to a file outside templates/."""


class NotAName(RefusedTemplate):
    """An include, import or extends given what is no template's name (none, a number, a
    page): Jinja said 'template None not found', or Python's words. A template not found,
    so that `ignore missing` passes over none, as before."""

    def __init__(self, value: Any) -> None:
        given = "empty text" if value == "" else \
            "an empty list" if isinstance(value, (list, tuple)) and not value \
            else kind_of(value)
        super().__init__(None, f"a template's name is needed here, as text (e.g. "
                               f"'_card.html'), and was given {given}")


def _template_name(value: Any) -> None:
    """Refuses what is no template's name (an undefined value is said as such by Jinja)."""
    if not isinstance(value, (str, jinja2.Template, jinja2.Undefined)) or value == "":
        raise NotAName(value)


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Refuses templates that resolve (through links) outside the templates folder, and
    those the build's scan passes over (backups, editors' files): a change to them would go
    unseen."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if any(map(skipped_name, template.split("/"))):
            raise RefusedTemplate(
                template, f"template '{template}' is not read: builds pass over names like "
                "this, taken for backups and editors' temporary files: rename it")
        source, filename, uptodate = super().get_source(environment, template)
        source = source.removeprefix("\ufeff")  # saved with a BOM: not written into pages
        base = os.path.realpath(self.searchpath[0])
        if filename and not os.path.realpath(filename).startswith(base + os.sep):
            raise LinkedOutside(
                template, f"template '{template}' is a link to a file outside templates/, "
                "which is not allowed: copy the file into templates/")
        return source, filename, uptodate


_BOUND = (types.MethodType, types.BuiltinMethodType)
MAX_SIZE = 10_000_000  # characters or items one `*` may make: a page is some 100,000
MAX_DIGITS = 100  # of a number `*` or `**` may make: no count or measure has more


class ProjectSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, remembering which attribute names it allows on which types, and
    calling aze-site's own functions directly.

    Immutable: a template cannot change a dict, list or set (`update`, `append`...). The
    values it is given are shared by every page a process renders, so a change would reach
    the pages rendered after it, and only those: an update would publish what a clean
    build does not. A template builds its own values with `namespace()` and `dict(a, k=v)`.

    Whether the sandbox allows `x.name` depends on the name and on the type of `x` alone
    (no name starting with '_', none of the internals of functions, methods, code, frames
    and generators), so the verdict is kept per (type, name): a page reads some 150
    attributes, and judging each again was a fifth of the time Jinja took. What is
    returned is the sandbox's own answer; `str.format` methods still go through it.
    """

    code_generator_class = _Generator
    template_class = _Template
    # `*` and `**` go through call_binop, which refuses results too large to hold (and
    # Jinja then never computes them once for all when it compiles a template).
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._allowed: set[tuple[type, str]] = set()
        self._direct: dict[int, Callable[..., Any]] = {}  # by id: a template may call anything

    def _parse(self, source: str, name: str | None, filename: str | None) -> Template:
        """A template parsed (as it is read, and as it is compiled), refused for what Jinja's
        parser lets pass and Python then refuses in the code made of it, in Python's words
        and at a line of that code: a macro's argument named twice."""
        parser = _Parser(self, source, name, filename)
        try:
            tree = parser.parse()
            signatures: list[nodes.Macro | nodes.CallBlock] = [*tree.find_all(nodes.Macro),
                                                                 *tree.find_all(nodes.CallBlock)]
        except RecursionError as error:  # the parser goes down once for each bracket, and
            # a walk of the tree once for each part of an expression (1 + 1 + ...)
            if parser.stream.eos:
                what, line = "an expression of too many parts", _deepest_line(error)
            else:
                what, line = "too many brackets inside one another", parser.stream.current.lineno
            raise jinja2.TemplateSyntaxError(_too_deep(what), line, name, filename) from None
        printed = next((child for output in tree.find_all(nodes.Output)
                        for child in output.nodes if isinstance(child, nodes.Tuple)), None)
        if printed is not None:  # `{{ a, b }}` writes "(a, b)", a Python pair, into the page
            raise jinja2.TemplateSyntaxError(PRINTED_PAIR, printed.lineno, name, filename)
        for node in sorted(signatures, key=lambda node: node.lineno):
            twice = _named_twice(node.args)
            if twice is not None:
                who = f"the macro '{node.name}'" if isinstance(node, nodes.Macro) else \
                    "this '{% call %}'"
                raise jinja2.TemplateSyntaxError(f"{who} names its argument '{twice.name}' "
                                                 "twice", twice.lineno, name, filename)
        return tree

    def _generate(self, source: Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        try:
            return super()._generate(source, name, filename, defer_init)
        except RecursionError as error:  # Jinja writes an expression's code by going down it
            raise jinja2.TemplateSyntaxError(_too_deep("an expression of too many parts"),
                                             _deepest_line(error), name, filename) from None

    def _compile(self, source: str, filename: str) -> CodeType:
        """The template's code compiled, or Python's limits on what it compiles (20 loops
        and filter blocks inside one another, 100 levels of tags, 200 of brackets) said as
        a syntax error at the template's line: as Python says it, the error was one line
        for each template extending this one, none at its place, in Python's words."""
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError) as error:
            line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
            said = getattr(error, "msg", "") if isinstance(error, SyntaxError) else ""
            raise jinja2.TemplateSyntaxError(
                _too_deep(_PYTHON_LIMITS.get(said, "too many parts inside one another")),
                _template_line(source, line), None, filename) from None

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        _template_name(name)
        return super().get_template(name, parent, globals)

    def select_template(self, names: Iterable[str | jinja2.Template], parent: str | None = None,
                        globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """Names to try in turn: a list of them (`{% include [a, b] %}`); none or another
        value is no name (Jinja said 'template None not found', or went over its items)."""
        if not isinstance(names, jinja2.Undefined):
            if not isinstance(names, (list, tuple)) or not names:
                raise NotAName(names)
            for name in names:
                _template_name(name)
        return super().select_template(names, parent, globals)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template with no globals of its own reads the environment's own dict, not
        Jinja's ChainMap over it: every page's context copies the globals and every import
        compares their names, which a ChainMap does in Python (a twentieth of the
        templates' time). Nothing here gives a template globals of its own, so nothing
        writes through this dict."""
        return self.globals if not d else super().make_globals(d)

    def trust(self, functions: Iterable[Callable[..., Any]]) -> None:
        """aze-site's own functions, which need neither the template's context nor the
        sandbox's look at what is called: a call to one goes straight to it (the gettext
        family is called some sixty times a page)."""
        self._direct.update((id(function), function) for function in functions)

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        direct = __self._direct.get(id(__obj))
        if direct is not None and direct is __obj:
            kwargs.pop("_loop_vars", None)  # what Jinja adds for functions given the context
            kwargs.pop("_block_vars", None)
            return direct(*args, **kwargs)
        if time.monotonic() > DEADLINE.at and DEADLINE.passed():  # a macro calling itself
            raise too_slow()  # too often, loop()
        if type(__obj) is Macro:  # Jinja's own: straight to it, as Context.call would
            _check_macro_call(__obj, args, kwargs)
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(__context.eval_ctx, *args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if time.monotonic() > DEADLINE.at and DEADLINE.passed():
            raise too_slow()
        if operator == "*":
            text, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(text, (str, list, tuple)) and isinstance(times, int) and \
                    len(text) * times > MAX_SIZE:
                raise SecurityError(f"'*' would make {len(text) * times:,} characters or "
                                    f"items, more than the {MAX_SIZE:,} a template may make")
        if _digits(operator, left, right) >= MAX_DIGITS:  # written out whole into the page
            raise SecurityError(f"'{operator}' would make a number of more than "
                                f"{MAX_DIGITS} digits")
        result = super().call_binop(context, operator, left, right)
        if type(result) is complex:  # (-8) ** 0.5: Python's (1.7e-16+2.8j) in the page
            raise SecurityError(f"'{operator}' would make no number a page can show: a "
                                "negative number cannot be raised to a power that is a fraction")
        return result

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return not _refused(obj, attr) and super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        key = (type(obj), attribute)
        if key not in self._allowed:
            if attribute.startswith("_") or is_internal_attribute(obj, attribute) or \
                    modifies_known_mutable(obj, attribute) or _refused(obj, attribute):
                return super().getattr(obj, attribute)
            self._allowed.add(key)
        try:
            value = getattr(obj, attribute)
        except AttributeError:  # a mapping's item, or undefined: as the sandbox says
            return super().getattr(obj, attribute)
        if isinstance(value, _BOUND) and value.__name__ in ("format", "format_map"):
            return super().getattr(obj, attribute)
        return value


def _check_macro_call(macro: Macro, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuses a call giving a macro what it does not take, as Jinja does, but saying how
    many values it was given and at the call's column (Jinja's words, 'takes not more than
    1 argument(s)', named neither, and Jinja's 'caller' is left to it). Pages call macros
    thousands of times: the words are made only for a call refused."""
    names = macro.arguments
    for name in kwargs:
        if name in ("caller", "_loop_vars", "_block_vars") or macro.catch_kwargs:
            continue  # Jinja's own, passed with each call
        if name in names[:len(args)]:
            raise jinja2.TemplateRuntimeError(f"the macro '{macro.name}' was given its argument "
                                              f"'{name}' twice, by position and by name")
        if name not in names:
            raise jinja2.TemplateRuntimeError(f"the macro '{macro.name}' has no argument "
                                              f"'{name}': it takes {_takes(names)}")
    if len(args) > len(names) and not macro.catch_varargs:
        count = f"{len(names)} value{'s' if len(names) > 1 else ''}" if names else "no values"
        raise jinja2.TemplateRuntimeError(f"the macro '{macro.name}' takes {count}"
                                          f"{f' ({_takes(names)})' if names else ''}, "
                                          f"and was given {len(args)}")


def _takes(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names) or "none"


def _digits(operator: str, left: Any, right: Any) -> float:
    """The number of digits before the point of `left * right` or `left ** right`, less
    one, from the sizes of the two (0 where either is no number, or the result is below
    1): a whole number is written out whole, 2 ** 10000 in 3,011 digits, and a decimal one
    too large is an overflow."""
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n)
               for n in (left, right)) or not left or (operator == "*" and not right):
        return 0.0
    size = math.log10(abs(left))
    return size + math.log10(abs(right)) if operator == "*" else right * size


# Python's words for the limits a template's code meets when it is compiled
_PYTHON_LIMITS = {"too many statically nested blocks":
                  "more than 20 loops or filter blocks inside one another",
                  "too many levels of indentation": "too many tags inside one another",
                  "too many nested parentheses": "too many brackets or filters inside one another"}


def _too_deep(what: str) -> str:
    return (f"this is nested too deeply to be made into a page ({what}): move the inner part "
            "into a macro, or build it up in steps with '{% set %}'")


def _deepest_line(error: BaseException) -> int:
    """The template line of the expression too deep for Jinja's code generator or a walk of
    the tree: its outermost part within the innermost statement they were in, wherever in
    it the depth ran out (which depends on what called them)."""
    line, inside = 1, False
    for frame, _ in traceback.walk_tb(error.__traceback__):
        node = frame.f_locals.get("node", frame.f_locals.get("self"))
        if isinstance(node, nodes.Stmt):
            line, inside = node.lineno or line, True
        elif isinstance(node, nodes.Expr) and inside:
            line, inside = node.lineno or line, False
    return line


def _template_line(code: str, code_line: int | None) -> int:
    """The template line a line of a template's code was written for, from the map Jinja
    writes at its end (`debug_info = '1=9&3=12'`: template line = code line); 1 where
    Python gives no line."""
    found = re.search(r"^debug_info = '([\d=&]*)'", code, re.MULTILINE)
    pairs = (pair.partition("=") for pair in (found[1].split("&") if found else ()))
    return max(((int(c), int(t)) for t, _, c in pairs if int(c) <= (code_line or 0)),
               default=(0, 1))[1]


def _named_twice(args: list[nodes.Name]) -> nodes.Name | None:
    """The first argument of a signature that an earlier one already names."""
    seen: set[str] = set()
    for arg in args:
        if arg.name in seen:
            return arg
        seen.add(arg.name)
    return None


_CLOCKS = frozenset({"today", "now", "utcnow", "fromtimestamp", "utcfromtimestamp"})


def _refused(obj: Any, attribute: str) -> bool:
    """What the sandbox refuses beyond Jinja's own: any attribute of a class (`dict.update`
    and `cycler.reset` take any object to change, `dict.update(RED_LIST, ...)`), and the
    clock through a date (`updated.today()`: a build's output would change with the day)."""
    return isinstance(obj, type) or (isinstance(obj, dt.date) and attribute in _CLOCKS)


def make_environment(templates: Path, compiled: Path | None = None) -> ProjectSandbox:
    """`compiled`: a folder where compiled templates are kept between runs (Jinja checks
    each against its source's checksum), so a one-page rebuild need not compile them."""
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled),
                                               f"__jinja2_%s.{COMPILED_FORMAT}.cache")
    env = ProjectSandbox(
        loader=_ConfinedLoader(str(templates)),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # pages install their language's (pages.py)
    functions: dict[str, Callable[..., Any]] = dict(
        species_url=lambda name: f"/species/{species_slug(name)}/",
        country_url=lambda iso3: f"/countries/{iso3.lower()}/",
        regions_of=regions_of, region_slug=region_slug, worst_status=worldmap.worst_status,
        static_map=worldmap.static_map, locator_map=worldmap.locator_map,
        locator_path=worldmap.locator_path)
    # read-only views: what every page shares (and what the downloads are made from)
    env.globals.update({name: types.MappingProxyType(table) for name, table in (
        ("RED_LIST", RED_LIST), ("RED_LIST_MEANING", RED_LIST_MEANING), ("GROUPS", GROUPS),
        ("PROTECTION", PROTECTION))}, SEARCH_URL=SEARCH_URL, **functions)
    env.globals.update(cycler=filter_args.cycler, joiner=filter_args.joiner)  # what they take, checked
    env.filters.update(string=text_of, join=join_items, format=format_text)  # none: nothing
    del env.globals["lipsum"], env.filters["random"]  # random: no two builds would agree
    env.trust(functions.values())
    env.filters.update(filter_args.checked(env.filters))
    env.filters[LOOP_FILTER] = loop_started
    return env
