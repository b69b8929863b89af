"""Python-Markdown's inline processor, told which patterns a piece of text cannot match.

Python-Markdown tries each of its inline patterns in turn on every piece of text (some
270 tries for a site's body), and each try costs Python work even when the text lacks
the character the pattern needs: a link needs `[`, emphasis `*` or `_`, an entity `&`.
This processor skips those tries, and reads its patterns from a list instead of the
registry, which sorts itself at every read. A body renders in two thirds of the time,
and the HTML is the same: tests/test_markdown.py compares the two processors on
generated Markdown.

It overrides two private methods of `InlineProcessor`; where a Python-Markdown release
renames them, `install` leaves the stock processor in place.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# Text one of which a pattern's match always holds (one or two), by the pattern's name.
# Placeholders for what a pattern already matched (STX klzzwxh:N ETX) hold none of them.
NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[^",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",),
    "linebreak": ("  \n",), "em_strong": ("*", "_"), "em_strong2": ("_",),
    "not_strong": ("*", "_"),
}
_PRIVATE = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")


class QuickInlineProcessor(InlineProcessor):
    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        registry = self.inlinePatterns
        # As pairs (the one text twice): two `in` tests are cheaper than any() over a tuple.
        needs = {id(registry[name]): (texts[0], texts[-1]) for name, texts in NEEDS.items()
                 if name in registry}
        self._patterns = [(pattern, needs.get(id(pattern))) for pattern in registry]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """As the stock method, which this replaces (its name as Python mangles it)."""
        if isinstance(data, util.AtomicString):
            return data
        apply: Any = getattr(self, _PRIVATE[1])
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, needs = patterns[patternIndex]
            if needs is not None and needs[0] not in data and needs[1] not in data:
                matched, start = False, 0  # what the stock method returns for no match
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: markdown.Markdown) -> bool:
    """Use the quick processor in `md`; False (stock processor kept) where this version of
    Python-Markdown does not have the methods it replaces."""
    if not all(hasattr(InlineProcessor, name) for name in _PRIVATE):
        return False
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)
    return True
