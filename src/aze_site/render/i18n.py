"""The interface in a page's language: message catalogues, country names, dates, numbers.

Interface strings (templates, and the labels and sentences the build writes) are looked
up in the project's gettext catalogues, `templates/locales/<lang>.po`, read with Babel;
the default language needs none (its strings are the msgids). Country names come from
pycountry's own translations of ISO 3166, dates and numbers from Babel's CLDR data, so
no list of names or formats is written by hand here.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup

from aze_site.catalogues import BAD_INDEX, NO_MSGID, Invalid, read_catalogue
from aze_site.render.kinds import kind_of

LOCALES = "templates/locales"  # project folder of the catalogues: <lang>.po, messages.pot
SOURCE_LANG = "en"  # the language of the msgids: what a page shows where it has no translation
# The language a Babel locale stands for where CLDR's default is not the one we want:
# the website writes British English (13 November 2018, 7,225 km²).
BABEL_LOCALES = {"en": "en_GB"}


def N_(message: str) -> str:
    """Marks a constant for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Messages:
    """A language's catalogue: msgid -> msgstr, and plural forms with their rule."""

    lang: str
    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[str, tuple[str, ...]] = field(default_factory=dict)  # keyed by the singular
    plural_expr: str = "(n != 1)"
    total: int = 0  # messages in the catalogue, translated or not (for coverage)

    @property
    def translated(self) -> int:
        return len(self.singular) + len(self.plural)


Problem = tuple[int, int, str]  # (line, column, message): the column 1 for a whole line


class CatalogueError(Exception):
    """A catalogue's problems, each (line, column, message), in the order of its lines."""

    def __init__(self, line: int, col: int, message: str, more: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = ((line, col, message), *more)


def _at(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (in characters) of the byte at `offset`."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


_PO_STRING = re.compile(rb'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*(".*?)\s*$')


def _unclosed_strings(data: bytes) -> list[Problem]:
    """The lines whose quoted text is not closed: Babel reads `msgstr "Buscar` as "Busca",
    the last letter taken for the quote, and says nothing."""
    found = []
    for number, line in enumerate(data.split(b"\n"), 1):
        match = None if line.startswith(b"#") else _PO_STRING.match(line.rstrip(b"\r"))
        if match is None:
            continue
        text = match[1]
        backslashes = len(text[:-1]) - len(text[:-1].rstrip(b"\\"))  # \" is a quote inside
        if len(text) < 2 or not text.endswith(b'"') or backslashes % 2:
            found.append((number, match.start(1) + 1,
                          "a quoted text is not closed: end the line with \""))
    return found


_MSGSTR = re.compile(rb"msgstr(?:\[(\d+)\])?")


def _second_translations(data: bytes) -> list[Problem]:
    """Each msgstr written a second time under one msgid (a translation pasted below the
    first, a plural form given twice): Babel keeps one of them and says nothing."""
    from babel.messages.pofile import unescape

    found = []
    msgid, in_msgid, plural = "", False, False  # the message's text (its lines go on)
    first: dict[int, int] = {}  # the line of each msgstr[i] of the message
    for number, raw in enumerate(data.split(b"\n"), 1):
        line = raw.strip()
        keyword, _, arg = line.partition(b" ")
        if line.startswith(b'"') and in_msgid:  # the msgid goes on on this line
            msgid += unescape(line.decode("utf-8", "replace"))
            continue
        in_msgid = keyword == b"msgid"
        if keyword in (b"msgid", b"msgctxt"):
            msgid = unescape(arg.strip().decode("utf-8", "replace")) if in_msgid else ""
            first, plural = {}, False
        plural = plural or keyword == b"msgid_plural"
        form = None if line.startswith(b"#") else _MSGSTR.fullmatch(keyword)
        if form is None:
            continue
        index = int(form[1] or 0)
        if index not in first:
            first[index] = number
            continue
        what = f'"{msgid[:60]}"' if msgid else "the catalogue's header"
        found.append((number, len(raw) - len(raw.lstrip()) + 1, (
            f"msgstr[{index}] of {what} is written a second time (its first is at line "
            f"{first[index]}): each plural form has one translation; keep the right one and "
            "delete the other" if plural else
            f"a second translation (msgstr) of {what} (its first is at line {first[index]}): "
            "a message has one; keep the right one and delete the other (only the first is "
            "used now)")))
    return found


def _read(data: bytes) -> tuple[Any, re.Match[bytes] | None]:
    """Babel's catalogue of a .po file and its Plural-Forms header line; CatalogueError
    where either cannot be read, with every line Babel could not read."""
    header = _NPLURALS.search(data)
    nplurals = header[1].decode("utf-8", "replace") if header else "2"
    if header is not None and not (nplurals.isdigit() and int(nplurals) > 0):
        raise CatalogueError(*_at(data, header.start(1)), (
            f"the Plural-Forms line says nplurals={nplurals}: write the number of plural forms "
            "the language has, e.g. nplurals=2; plural=(n != 1);"))
    invalid: Invalid = []
    try:
        catalog = read_catalogue(data, abort_invalid=True, invalid=invalid)
    except UnicodeDecodeError as exc:
        raise _not_text(data, exc) from None
    except ValueError as exc:
        raise CatalogueError(1, 1, f"cannot read this catalogue: {exc}") from None
    if invalid:
        first, *more = sorted(_unreadable(data, invalid, int(nplurals)))
        raise CatalogueError(*first, tuple(more))
    return catalog, header


def _unreadable(data: bytes, invalid: Invalid, nplurals: int) -> list[Problem]:
    """The lines Babel could not read, each in a translator's words at its line, with the
    quoted texts not closed: a line that goes on from one of those is not said again."""
    lines = data.decode("utf-8", "replace").split("\n")
    unclosed = _unclosed_strings(data)
    found = list(unclosed)
    forms_said = False  # too many plural forms: where one message has, the header may be wrong
    for at, (line, said, plural) in enumerate(invalid):
        if any(number == line - 1 for number, _col, _text in unclosed):
            continue  # the text not closed went on on this line
        if said.startswith("missing msgstr") and any(ln > line for ln, *_ in invalid[:at]):
            continue  # its msgstr line is there, but could not be read (said)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        col = len(text) - len(text.lstrip()) + 1
        if "more translations than num_plurals" in said:
            if not forms_said:
                found.append(_too_many_forms(lines, line, nplurals))
            forms_said = True
        elif said == BAD_INDEX:
            found.append((line, text.find("[") + 2, "msgstr[…] takes the number of a plural "
                          "form, counted from 0: write msgstr[0], msgstr[1]…"))
        else:
            found.append((line, col, _in_words(said, text.strip(), plural, nplurals)))
    return found


def _in_words(said: str, text: str, plural: bool, nplurals: int) -> str:
    """What Babel `said` of a line (`text`), in a translator's words."""
    missing = re.fullmatch(r"missing msgstr for msgid '(.*)'", said, re.DOTALL)
    if missing and plural:
        return (f'"{missing[1][:60]}" has no translations: write msgstr[0] "…" to '
                f'msgstr[{nplurals - 1}] "…" after its msgid_plural line, one for each plural '
                'form (msgstr[0] "" and so on leave it in English)')
    if missing:
        return (f'"{missing[1][:60]}" has no translation: write msgstr "…" with its '
                'translation on the line after it (msgstr "" leaves it in English)')
    if said == NO_MSGID:
        return ("this translation (msgstr) has no msgid above it, so it translates nothing: "
                'write msgid "…" with the text it translates on the line above, or delete it')
    if said.startswith("Unknown or misformatted keyword"):
        word = re.match(r'[^\s"]*', text)
        if word and re.match(r"(?i)msg(id|str|ctxt)", word[0]):
            return (f"'{word[0]}' is not written as a catalogue writes it: msgid, "
                    "msgid_plural, msgstr, msgstr[0] or msgctxt in lower case, a space, then "
                    "its text in quotes")
        return ("this line is not part of a message: a catalogue's lines are msgid and msgstr "
                "(msgid_plural, msgstr[0], msgctxt), each with its text in quotes, a quoted "
                "text going on from the line above, or a comment starting with #; correct "
                "the line or delete it")
    if said.startswith("Got line starting with"):
        return ("this quoted text goes on from no msgid or msgstr (the line above it is a "
                "comment, or none): join it to the text it belongs to, or delete it")
    if "conflicts" in said:
        return ("a mark msgcat leaves where two catalogues disagree (#-#-#-#-#): keep one "
                "translation of each message and delete these marks")
    if "location comment" in said:
        return ("the file name marks of this #: line (U+2068 and U+2069, where the text is "
                "used) are not in pairs: pair them, or delete the line")
    return f"this line cannot be read ({said}): correct it or delete it"


def _too_many_forms(lines: list[str], line: int, nplurals: int) -> Problem:
    """More plural forms (msgstr[…]) than the header's nplurals, at the first extra one of
    the message whose msgid is at `line` (said once: the header's number may be wrong)."""
    extra = next((number for number in range(line, len(lines) + 1)
                  if (form := _FORM.match(lines[number - 1].strip().encode()))
                  and int(form[1]) >= nplurals), line)
    return (extra, 1, f"this message has more plural forms (msgstr[…]) than the {nplurals} "
            f"the Plural-Forms line gives the language (nplurals={nplurals}): delete the "
            "extra ones, or correct nplurals there")


def _not_text(data: bytes, exc: UnicodeDecodeError) -> CatalogueError:
    """A catalogue saved in another encoding than it says (charset): at the first byte that
    cannot be read, not in Python's words."""
    offset = 0
    for line in data.splitlines(keepends=True):
        try:
            line.decode(exc.encoding)
        except UnicodeDecodeError as found:
            offset += found.start
            break
        offset += len(line)
    return CatalogueError(*_at(data, offset), f"this is not {exc.encoding.upper()} text, "
                          "the encoding the catalogue is read in: save it as UTF-8 (Poedit does; "
                          "in an editor, 'Save with encoding'), with charset=UTF-8 in its header")


def read_messages(lang: str, data: bytes) -> Messages:
    """Parse a .po file; fuzzy and empty entries are left out (they are not translations).
    Raises CatalogueError with every problem it finds (where lines cannot be read, those
    alone, with the quoted texts not closed: the messages are not what they say)."""
    catalog, header = _read(data)
    problems = _unclosed_strings(data) + _second_translations(data)
    problems += [(line, 1, f"\"{msgid[:60]}\" is here a second time (its first is at line "
                        f"{first}), and only the first is used: delete one of the two")
                 for line, msgid, first in catalog.repeats]
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    partial: list[tuple[int, str, tuple[str, ...]]] = []  # plurals translated, some forms or all
    total = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        total += 1
        if message.fuzzy:
            continue
        ids = tuple(str(i) for i in message.id) if isinstance(message.id, tuple | list) \
            else (str(message.id),)
        found = message.string or ""
        strings = tuple(str(s or "") for s in found) if isinstance(found, tuple | list) \
            else (str(found),)
        line = _msgstr_line(data, int(message.lineno or 0))
        problems += [(line, 1, problem) for text in strings if text
                     and (problem := placeholder_problem(ids, text))]
        if len(ids) > 1 and any(strings):
            partial.append((line, ids[0], strings))
        if len(ids) > 1:
            if all(strings):
                plural[ids[0]] = strings
        elif strings[0]:
            singular[ids[0]] = strings[0]
    expr = catalog.plural_expr or "(n != 1)"
    problems += _plural_rule_problem(data, expr) + _forms_missing(partial, header and header.start(1), data)
    if problems:
        first, *more = sorted(problems)
        raise CatalogueError(*first, tuple(more))
    return Messages(lang, singular, plural, expr, total)


def _forms_missing(plurals: list[tuple[int, str, tuple[str, ...]]], header: int | None,
                   data: bytes) -> list[Problem]:
    """Plural messages with some forms left empty (the page would show them in English),
    each at its line; or, where every one of them stops at the same form, the header's
    nplurals, which is then what is wrong, once at its line."""
    missing = [(line, msgid, strings) for line, msgid, strings in plurals if not all(strings)]
    done = {sum(1 for text in strings if text) for _, _, strings in plurals}
    if missing and len(done) == 1 and len(missing) == len(plurals) > 1 and header is not None:
        forms = len(missing[0][2])
        return [(*_at(data, header), (
            f"the Plural-Forms line says nplurals={forms}, but each plural translation has "
            f"{done.pop()} forms: write the number of plural forms the language has there"))]
    return [(line, 1, f"the translation of \"{msgid[:60]}\" has "
             f"{sum(1 for text in strings if text)} of the {len(strings)} plural forms this "
             "language has (nplurals in the catalogue's Plural-Forms line): write each of "
             f"msgstr[0] to msgstr[{len(strings) - 1}], or it is shown in English")
            for line, msgid, strings in missing]


def _plural_rule_problem(data: bytes, expr: str) -> list[Problem]:
    """The header's plural rule, if it cannot be read: said once, at its line, not at
    every template that shows a number."""
    try:
        _plural_rule(expr)
    except (ValueError, SyntaxError) as exc:
        rule = _PLURAL_RULE.search(data)
        line, col = _at(data, rule.end()) if rule else (1, 1)
        return [(line, col, f"the rule of the Plural-Forms line cannot be read ({exc}): write "
                 "the language's rule, e.g. nplurals=2; plural=(n != 1);")]
    return []


def message_ids(data: bytes) -> frozenset[str]:
    """The msgids of a catalogue or its template (a plural by its singular, as `Messages`
    keys them). Raises CatalogueError when it cannot be read."""
    from babel.messages.pofile import PoFileError

    try:
        catalog = read_catalogue(data, abort_invalid=False)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(1, 1, f"cannot read this catalogue: {exc}") from None
    return frozenset(str(m.id[0]) if isinstance(m.id, tuple | list) else str(m.id)
                     for m in catalog if m.id)


def _msgstr_line(data: bytes, msgid_line: int) -> int:
    """The line of the translation that follows the msgid at `msgid_line`."""
    lines = data.split(b"\n")
    for number in range(max(msgid_line, 1), len(lines) + 1):
        if lines[number - 1].startswith(b"msgstr"):
            return number
    return msgid_line


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
_FORM = re.compile(rb"msgstr\[(\d+)\]")
_PLURAL_RULE = re.compile(rb"Plural-Forms:[^\n]*?\bplural\s*=\s*")
_NPLURALS = re.compile(rb'Plural-Forms:[^\n]*?nplurals\s*=\s*([^;\s"\\]*)')
WRITTEN = re.compile(r"%%|%\((\w*)\)\w?")  # a placeholder as written, %(n)d or %(n) too


def _placeholders(text: str) -> dict[str, str]:
    """name -> placeholder as written (%(n)s) of each placeholder of a message."""
    return {found[1]: found[0] for found in WRITTEN.finditer(text) if found[0] != "%%"}


def placeholder_problem(ids: tuple[str, ...], text: str) -> str | None:
    """What is wrong with the placeholders of a translation (every message is a format
    string): one the original does not have or writes otherwise (%(n)d for %(n)s fails
    on a name), a lone '%', or, but in a plural form (Spanish 'un sitio' for '%(n)s
    sites'), one of the original's left out. None: nothing."""
    known = {name: written for msgid in ids for name, written in _placeholders(msgid).items()}
    have = ", ".join(known[k] for k in sorted(known)) or "none"
    keep = f"keep the original's placeholders as they are ({have})"
    said = f"the translation of \"{ids[0][:60]}\""
    found = _placeholders(text)
    for name, written in found.items():
        if name not in known:
            return f"{said} has {written}, which the original does not have: {keep}"
        if written != known[name]:
            return f"{said} has {written} where the original has {known[name]}: {keep}"
    if "%" in PLACEHOLDER.sub("", text):
        return f"{said} has a '%' that is no placeholder: write '%%' for a percent sign"
    missing = [known[name] for name in sorted(known) if name not in found]
    if missing and len(ids) == 1:
        return (f"{said} leaves out {', '.join(missing)}, which the page fills in: {keep}")
    return None


@cache
def _plural_rule(expr: str) -> Callable[[int], int]:
    rule: Callable[[int], int] = gettext_module.c2py(expr)
    return rule


class Untranslated(Markup):
    """An interface string shown in English (SOURCE_LANG) in a page of another language, its
    catalogue having no translation of it: written between tags, it is marked as English
    (environment.output_in_text), so that screen readers read it out as English."""

    __slots__ = ()
    start = Markup(f'<span lang="{SOURCE_LANG}">')  # noqa: S704


class UntranslatedRtl(Untranslated):
    """One in a page written right to left: marked as running left to right too."""

    __slots__ = ()
    start = Markup(f'<span lang="{SOURCE_LANG}" dir="ltr">')  # noqa: S704


class Translator:
    """gettext and ngettext over one language's Messages (identity where none is known).
    `lang`: the page's language, where it has no catalogue (its messages give it else)."""

    def __init__(self, messages: Messages | None, lang: str = "") -> None:
        self.messages = messages
        self.lang = messages.lang if messages else lang
        self.untranslated = _untranslated_class(self.lang)

    def translates(self, message: str, plural: bool = False) -> bool:
        """Whether the catalogue has the message's translation (a plural by its singular)."""
        if self.messages is None:
            return False
        return message in (self.messages.plural if plural else self.messages.singular)

    def gettext(self, message: str) -> str:
        if self.messages is None:
            return message
        return self.messages.singular.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.plural.get(singular) if self.messages else None
        if not forms:
            return singular if n == 1 else plural
        index = _plural_rule(self.messages.plural_expr)(n)  # type: ignore[union-attr]
        return forms[min(index, len(forms) - 1)]

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


@cache
def _untranslated_class(lang: str) -> type[Untranslated] | None:
    """What a page in `lang` makes of a message it has no translation of: None where the
    page is in the msgids' language (or none is known), and nothing needs marking."""
    if lang.split("-")[0] in ("", SOURCE_LANG):
        return None
    return UntranslatedRtl if direction(lang) == "rtl" else Untranslated


def template_gettext(current: Callable[[], Translator]) -> dict[str, Callable[..., Markup]]:
    """The gettext family as the templates call it, for the translator of the page being
    rendered: what jinja2.ext.i18n's "newstyle" callables return (the message as markup,
    formatted with the call's keyword arguments, `num` and `context` included), called
    directly rather than through two context-passing wrappers each: a page makes some
    sixty of these calls. `_` is gettext. A message the page's language has no
    translation of is returned as Untranslated (in English), formatted or not."""

    def gettext(message: str, **variables: Any) -> Markup:
        _texts(message)
        tr = current()
        return _format(tr.gettext(message), variables, _fallback(tr, message, False))

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        _texts(singular, plural)
        tr = current()
        variables.setdefault("num", num)
        return _format(tr.ngettext(singular, plural, num), variables,
                       _fallback(tr, singular, True))

    def pgettext(context: str, message: str, **variables: Any) -> Markup:
        _texts(context, message)
        tr = current()
        variables.setdefault("context", context)
        return _format(tr.pgettext(context, message), variables,
                       _fallback(tr, message, False))

    def npgettext(context: str, singular: str, plural: str, num: int,
                  **variables: Any) -> Markup:
        _texts(context, singular, plural)
        tr = current()
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        return _format(tr.npgettext(context, singular, plural, num), variables,
                       _fallback(tr, singular, True))

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext}


def _texts(*messages: object) -> None:
    """The words to translate are text: `_(5)` or `_(page.title)` of a page without one
    would otherwise fail inside gettext, in its words. An undefined name goes on, to fail
    as it does anywhere ('page' has no field 'x'), at its column."""
    for message in messages:
        if not isinstance(message, (str, Undefined)):
            raise TypeError(f"the words to translate are written as text in quotes, "
                            f"_('...'), and were given {kind_of(message)}")


def _fallback(tr: Translator, message: str, plural: bool) -> type[Untranslated] | None:
    """Untranslated (or its right-to-left kind) where the page shows `message` untranslated."""
    if tr.untranslated is None or tr.translates(message, plural):
        return None
    return tr.untranslated


def _format(message: str, variables: dict[str, Any],
            untranslated: type[Untranslated] | None = None) -> Markup:
    """A message is always a format string (a '%%' is one '%'), its values escaped; none
    (a field left empty) is nothing, as `{{ x }}` prints it outside {% trans %}."""
    if any(value is None for value in variables.values()):
        variables = {name: "" if value is None else value for name, value in variables.items()}
    # a message of the catalogues is short; a long one is text a template made: not kept
    text = _trusted(message) if len(message) < 2000 else Markup(message)  # noqa: S704
    if untranslated is not None:
        text = untranslated(text)  # formatting keeps the class (Markup.__mod__)
    return text % variables if variables or "%" in text else text


@lru_cache(maxsize=4096)
def _trusted(message: str) -> Markup:
    """A message as markup, made once (a page asks for some sixty, of a few hundred)."""
    return Markup(message)  # noqa: S704  # the project's own catalogues, trusted as templates are


def babel_locale(lang: str) -> str:
    return BABEL_LOCALES.get(lang, lang.replace("-", "_"))


@cache
def country_name(iso3: str, lang: str) -> str | None:
    """A country's common name in `lang`: pycountry's translation (its catalogues have
    common names too); where they have none, CLDR's (Babel's); else English."""
    from aze_site.content.countries import country_name as english

    name = english(iso3)
    if name is None or lang.split("-")[0] == "en":
        return name
    found = _iso3166(lang).gettext(name) or _cldr_name(iso3, lang) or name
    return _MISSPELT.get(found, found)


def _cldr_name(iso3: str, lang: str) -> str | None:
    """CLDR's name of a country: iso-codes has no catalogue for Swahili, and its Arabic
    one lacks the common names (South Korea, Syria), which a page would show in English."""
    from babel.core import UnknownLocaleError

    from aze_site.content.countries import alpha2_code

    code = alpha2_code(iso3)
    try:
        return locale_of(lang).territories.get(code) if code else None
    except (UnknownLocaleError, ValueError):  # a language Babel has no data for
        return None


# Names iso-codes' catalogues (which pycountry ships) spell wrong, as the language writes them.
_MISSPELT = {"Costa de Marfíl": "Costa de Marfil"}
# The catalogue a language tag without a region reads, where iso-codes has only regional
# ones: Chinese in simplified or traditional characters, Norwegian Bokmål.
_CATALOGUES = {("zh", None): "zh_CN", ("zh", "Hans"): "zh_CN", ("zh", "Hant"): "zh_TW",
               ("nb", None): "nb_NO", ("no", None): "nb_NO"}
# Chinese of these regions is written in traditional characters (iso-codes' zh_HK has them)
_TRADITIONAL = {"HK": "zh_HK", "MO": "zh_HK", "TW": "zh_TW"}


def catalogue_names(lang: str) -> list[str]:
    """iso-codes' catalogues for a language tag, best first: 'zh-Hant' -> zh_TW, 'pt-BR'
    -> pt_BR then pt, 'sr-Latn' -> sr@latin then sr (gettext reads the first it has)."""
    base, *rest = lang.split("-")
    script = next((p for p in rest if len(p) == 4), None)
    region = next((p.upper() for p in rest if len(p) == 2 or p.isdigit()), None)
    found = [f"{base}_{region}"] if region else []
    if base == "zh" and script is None and region in _TRADITIONAL:
        found.append(_TRADITIONAL[region])
    if script == "Latn":
        found.append(f"{base}@latin")
    if (base, script) in _CATALOGUES:
        found.append(_CATALOGUES[base, script])
    return [*found, base]


class _Untranslated(gettext_module.NullTranslations):
    """Says that a catalogue has no translation of a name (gettext gives the name back)."""

    def gettext(self, message: str) -> str:
        return ""


@cache
def _iso3166(lang: str) -> gettext_module.NullTranslations:
    """iso-codes' catalogue of country names for `lang`, whose gettext is "" for a name
    it does not translate."""
    import pycountry

    try:
        found = gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR,
                                           languages=catalogue_names(lang))
    except OSError:  # no catalogue for this language
        return _Untranslated()
    found.add_fallback(_Untranslated())
    return found


@lru_cache(maxsize=8192)  # Babel takes some 10 µs a number; pages repeat theirs
def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the language writes it: 7,225 (en), 7.225 (es), 7 225 (fr)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=locale_of(lang)))


def format_fixed(value: float, lang: str, decimals: int) -> str:
    """A number with exactly `decimals` decimals and no grouping, rounded as Python's
    format does, with the language's decimal sign: 7.25 (en), 7,25 (es)."""
    return f"{value:.{decimals}f}".replace(".", _decimal_symbol(lang))


@cache
def locale_of(lang: str) -> Any:
    """Babel's locale, parsed once (Babel parses a locale's name at every call otherwise)."""
    from babel import Locale

    return Locale.parse(babel_locale(lang))


@cache
def og_locale(lang: str) -> str:
    """Open Graph's language_TERRITORY for a language tag: en -> en_GB (the English this
    site writes), es -> es_ES, zh-Hant -> zh_TW; the territory CLDR finds most likely."""
    from babel.core import get_global

    locale = locale_of(lang)
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags")
        tag = "_".join(p for p in (locale.language, locale.script) if p)
        found = likely.get(tag) or likely.get(locale.language) or ""
        territory = next((p for p in found.split("_")[1:] if p.isupper() and len(p) == 2), "")
    return f"{locale.language}_{territory}" if territory else locale.language


@cache
def list_separator(lang: str) -> str:
    """What goes between two items of a list, as the language writes it (CLDR): ', ' in
    English, '、' in Chinese and Japanese; where CLDR's list joins every item with 'and'
    (Arabic's و), the language's comma instead: a position's two numbers are no list of
    things, and Arabic writes '،'."""
    locale = locale_of(lang)
    middle = str(locale.list_patterns["standard"]["middle"])
    found = middle.replace("{0}", "").replace("{1}", "")
    if any(c.isalpha() for c in found):
        return "، " if locale.character_order == "right-to-left" else ", "
    return found


@cache
def direction(lang: str) -> str:
    """'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu), else 'ltr'."""
    return "rtl" if locale_of(lang).character_order == "right-to-left" else "ltr"


@cache
def _decimal_symbol(lang: str) -> str:
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(locale_of(lang)))


@cache
def plural_samples(lang: str) -> tuple[tuple[str, int], ...]:
    """A number of each CLDR plural category of the language, smallest first among the
    counts a page shows: (("one", 1), ("other", 2)) in English, ("many", 1000000) too in
    Spanish. A page gives its scripts a message's form for each (ngettext of the sample),
    and a script picks by the category the browser's Intl.PluralRules gives a count: the
    catalogues' Plural-Forms are CLDR's rules (Babel writes them), so the two agree."""
    rule = locale_of(lang).plural_form
    found: dict[str, int] = {}
    for n in (*range(1, 200), 0, 1000, 10_000, 100_000, 1_000_000, 10_000_000):
        found.setdefault(str(rule(n)), n)
    return tuple(found.items())


def format_long_date(value: Any, lang: str) -> str:
    """13 November 2018 / 13 de noviembre de 2018 / 13 novembre 2018."""
    from babel.dates import format_date

    if not value:
        return ""
    return str(format_date(value, "long", locale=locale_of(lang)))


@cache
def language_name(lang: str, languages: tuple[str, ...] = ()) -> str:
    """A language's name in itself, for the switcher: English, Español, Français; with its
    region where another of the site's `languages` shares its language (Português and
    Português (Brasil), not Português twice)."""
    from babel import Locale

    base = lang.split("-")[0]
    shared = any(other != lang and other.split("-")[0] == base for other in languages)
    locale = babel_locale(lang) if shared else babel_locale(lang).split("_")[0]
    name = Locale.parse(locale).get_display_name()
    return str(name[:1].upper() + name[1:]) if name else lang


def localized(url: str, prefix: str) -> str:
    """A site path in a language: the pages' paths (ending in '/') under /<lang>/, files
    (photos, styles, downloads) shared by every language. '/sites/x/#a' -> '/es/sites/x/#a'."""
    if not prefix or not url.startswith("/") or url.startswith("//"):
        return url
    path = url.split("#", 1)[0].split("?", 1)[0]
    return prefix + url if path.endswith("/") else url


def collation_key(text: str) -> str:
    """A sort key that puts accented letters with their base letter (Éthiopie with the
    E's, not after Z), as readers of every language here expect. Plain ASCII (most names)
    is its own: every site's name is sorted by it, on every edit of a site's facts."""
    import unicodedata

    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
