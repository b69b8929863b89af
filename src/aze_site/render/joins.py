"""None made text as `{{ }}` prints it, nothing (as Hugo prints a nil value), not Python's
"None": where `~` joins it, as the page is made (join_markup, join_plain, which the
compiled templates call) or when a template is compiled (Optimizer), and in `|string`,
`|join` and `|format`. Otherwise as Jinja's own: markup stays markup, plain text joined
to it is escaped."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import do_format, make_attrgetter, sync_do_join
from jinja2.optimizer import Optimizer as JinjaOptimizer
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, soft_str


def join_markup(seq: tuple[Any, ...]) -> str:
    """`a ~ b` where auto-escaping is on: Jinja's markup_join (text, made markup with the
    plain parts escaped where one part is markup), but none is nothing, as `{{ }}` prints
    it, not Python's "None" (`'Photo: ' ~ page.hero_caption`)."""
    buf: list[str] = []
    parts = iter(seq)
    for part in parts:
        if type(part) is not str:
            if part is None:
                continue
            part = soft_str(part)
            if hasattr(part, "__html__"):
                buf.append(part)
                buf += [soft_str(rest) for rest in parts if rest is not None]
                return Markup("").join(buf)
        buf.append(part)
    return "".join(buf)


def join_plain(seq: tuple[Any, ...]) -> str:
    """`a ~ b` where auto-escaping is off: Jinja's str_join, none as nothing."""
    return "".join([str(part) for part in seq if part is not None])


@functools.wraps(soft_str)  # Jinja's `string`: its name and arguments, as errors say (template_errors)
def text_of(value: Any) -> str:
    """`|string`: none made nothing, as `{{ }}` prints it and `~` joins it, not "None"."""
    return "" if value is None else soft_str(value)


@jinja2.pass_eval_context
@functools.wraps(sync_do_join)
def join_items(eval_ctx: nodes.EvalContext, value: Iterable[Any], d: str = "",
               attribute: str | int | None = None) -> str:
    """`|join`: an item that is none (or none between them) joined as nothing."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    return sync_do_join(eval_ctx, ["" if item is None else item for item in value],
                        "" if d is None else d)


@functools.wraps(do_format)
def format_text(value: str, *args: Any, **kwargs: Any) -> str:
    """`|format`: a value that is none filled in as nothing (`'%s km'|format(none)`); where
    the format text takes a number there (`%d`), said as given none, as before."""
    if any(arg is None for arg in (*args, *kwargs.values())):
        try:
            return do_format(value, *["" if arg is None else arg for arg in args],
                             **{name: "" if arg is None else arg for name, arg in kwargs.items()})
        except TypeError:  # '%d' given none: Python's words of none, not of text
            pass
    return do_format(value, *args, **kwargs)


def _joined_const(node: nodes.Concat, eval_ctx: nodes.EvalContext | None) -> str:
    """`a ~ b` known when the template is compiled (Jinja's Concat.as_const), joined as
    join_markup and join_plain join it as the page is made: none as nothing, and markup
    kept (`('<b>'|safe) ~ x`; Jinja's own fold made it text, escaped whole)."""
    values = tuple(part.as_const(eval_ctx) for part in node.nodes)
    return join_markup(values) if eval_ctx is not None and eval_ctx.autoescape \
        else join_plain(values)


class Optimizer(JinjaOptimizer):
    """Jinja's folding of what is known when a template is compiled, `a ~ b` with none as
    nothing (Jinja allows no node of one's own, with its own as_const)."""

    def visit_Concat(self, node: nodes.Concat, *args: Any, **kwargs: Any) -> nodes.Node:
        joined = NodeTransformer.generic_visit(self, node, *args, **kwargs)  # the parts first
        try:
            return nodes.Const.from_untrusted(_joined_const(node, args[0] if args else None),
                                              lineno=node.lineno, environment=self.environment)
        except nodes.Impossible:
            return joined
