"""The message catalogue: report text as message ids with parameters, rendered in Dutch or English.

The key messages are written once, as data: each sentence is a message id with named
parameters (`Msg`), and the words for each id live in one gettext catalogue per
language (`analysis/publication/locale/<lang>/LC_MESSAGES/messages.po`, read with babel). The
numbers, names and citations are parameters, formatted for the language at the last
moment, so the Dutch front page and the English summary can never say different
things: they are the same computed record, rendered twice.

Why parameters carry their kind instead of being pre-formatted strings: Dutch writes
`1.234` and `62,7`, English `1,234` and `62.7`; a parameter that is a `Num` or `Money`
is formatted by the language that renders it. Names from data (`Plain`) are the same
in every language and arrive already escaped for Markdown. Labels with a Dutch home
elsewhere (`analysis.publication.labels`) are `Term`s: Dutch from that catalogue, English from the
English message file (`indicator.<code>`, `model.<code>`, ...), so the Dutch labels
are not written twice.

Dutch is the report's language: `render(..., "nl")` must give byte for byte what the
report printed before the catalogue existed (the key-message tests pin it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Literal

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from analysis.data.indicators import catalogue as indicator_catalogue
from analysis.publication import formatting as fmt

Lang = Literal["nl", "en"]
#: The languages, each with the babel locale of its numbers (`analysis.publication.formatting`).
LOCALES: dict[Lang, str] = {"nl": fmt.LOCALE, "en": "en"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True)
class Num:
    """A number: `1.234` / `62,7` in Dutch, `1,234` / `62.7` in English.

    `unit` "fte": a staff figure, written with its unit and without ",0" when whole
    (`608 fte`, `573,8 fte`; English `608 FTE`), as `formatting.indicator_value` does.
    """

    value: float
    decimals: int = 0
    unit: str = ""


@dataclass(frozen=True)
class Money:
    """An amount in euros: `€ 62,7 mln` in Dutch, `€62.7 million` in English."""

    value: float


def indicator_param(value: float, code: str) -> Num | Money:
    """A value of indicator `code` as its catalogue says (money, or a number with the
    catalogue's decimals): what `formatting.indicator_value` is for plain text."""
    indicator = indicator_catalogue().get(code)
    if indicator.is_money:
        return Money(value)
    return Num(value, indicator.decimals, "fte" if indicator.kind == "fte" else "")


@dataclass(frozen=True)
class Change:
    """A change as a fraction: `+12,3%` in Dutch, `+12.3%` in English."""

    value: float
    decimals: int = 1


@dataclass(frozen=True)
class Plain:
    """Text that is the same in every language: a name from data, a citation, a year."""

    text: str


@dataclass(frozen=True)
class Term:
    """A label from a catalogue of codes: Dutch from `analysis.publication.labels` (or `nl`), English
    from the English message file (`<kind>.<code>`). `lower`: as a noun inside a
    sentence (Dutch lowercases the whole label, as the report always did; English only
    the first letter, and not an acronym's: 'KTO staff' keeps its capitals)."""

    kind: str
    code: str
    lower: bool = False
    nl: str | None = None


@dataclass(frozen=True)
class Msg:
    """A message id and its named parameters."""

    id: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Join:
    """'a, b en c' / 'a, b and c': the conjunction is itself a message (`join.<word>`)."""

    items: tuple[Param, ...]
    word: str = "and"


@dataclass(frozen=True)
class Concat:
    """Parts rendered one after the other, with nothing between (sentences carry their spaces)."""

    parts: tuple[Param, ...]


Param = Num | Money | Change | Plain | Term | Msg | Join | Concat


def msg(id: str, **params: Param | str | int) -> Msg:
    """`Msg` with `str` and `int` parameters taken as `Plain` (names, years, citations)."""
    return Msg(
        id,
        {k: (Plain(str(v)) if isinstance(v, str | int) else v) for k, v in params.items()},
    )


# --------------------------------------------------------------------------- the catalogues


def catalogue_path(lang: Lang) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """Message id -> template, from the language's `.po` file (fuzzy and empty entries refused)."""
    path = catalogue_path(lang)
    with path.open("rb") as handle:
        parsed: Catalog = read_po(handle, locale=lang)
    out: dict[str, str] = {}
    for message in parsed:
        if not message.id:
            continue  # the header
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            raise ValueError(f"{path}: plural forms are not used ({message.id!r})")
        if message.fuzzy or not message.string:
            raise ValueError(f"{path}: message {message.id!r} is fuzzy or untranslated")
        out[message.id] = message.string
    return out


def placeholders(template: str) -> set[str]:
    """The `{name}` fields of a template."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def template(id: str, lang: Lang) -> str:
    try:
        return catalogue(lang)[id]
    except KeyError:
        raise KeyError(f"message {id!r} is not in the {lang} catalogue") from None


# --------------------------------------------------------------------------- formatting


def _term(t: Term, lang: Lang) -> str:
    if lang == "nl":
        if t.nl is not None:
            text = t.nl
        else:
            from analysis.publication.labels import INDICATOR_LABELS, MODEL_LABELS

            labels = {"indicator": INDICATOR_LABELS, "model": MODEL_LABELS}.get(t.kind, {})
            text = labels.get(t.code, t.code)
    else:
        text = template(f"{t.kind}.{t.code}", lang)
    if not t.lower:
        return text
    if lang == "nl":
        return text.lower()
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def render(param: Param, lang: Lang) -> str:
    """One parameter (or a whole message) as text in `lang`."""
    if isinstance(param, Msg):
        text = template(param.id, lang)
        values = {k: render(v, lang) for k, v in param.params.items()}
        missing = placeholders(text) - values.keys()
        if missing:
            raise KeyError(f"message {param.id!r} ({lang}) needs {sorted(missing)}")
        return text.format_map(values)
    if isinstance(param, Plain):
        return param.text
    if isinstance(param, Num):
        shown = fmt.number(param.value, param.decimals, trim=bool(param.unit), locale=LOCALES[lang])
        if not param.unit or shown == fmt.MISSING:
            return shown
        return shown + fmt.NBSP + (param.unit if lang == "nl" else param.unit.upper())
    if isinstance(param, Money):
        return fmt.money_eur(param.value, locale=LOCALES[lang])
    if isinstance(param, Change):
        return fmt.change(param.value, param.decimals, locale=LOCALES[lang])
    if isinstance(param, Term):
        return _term(param, lang)
    if isinstance(param, Join):
        return join([render(p, lang) for p in param.items], template(f"join.{param.word}", lang))
    return "".join(render(p, lang) for p in param.parts)


def join(items: Sequence[str], word: str) -> str:
    """'a, b en c': commas, and the conjunction before the last (no serial comma)."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


# --------------------------------------------------------------------------- as data

_KINDS: dict[str, type] = {
    "num": Num,
    "money": Money,
    "change": Change,
    "plain": Plain,
    "term": Term,
    "msg": Msg,
    "join": Join,
    "concat": Concat,
}


def to_json(param: Param) -> dict[str, object]:
    """A parameter tree as JSON-ready data (`from_json` reads it back equal)."""
    if isinstance(param, Msg):
        return {
            "type": "msg",
            "id": param.id,
            "params": {k: to_json(v) for k, v in sorted(param.params.items())},
        }
    if isinstance(param, Join):
        return {"type": "join", "items": [to_json(p) for p in param.items], "word": param.word}
    if isinstance(param, Concat):
        return {"type": "concat", "parts": [to_json(p) for p in param.parts]}
    kind = next(k for k, cls in _KINDS.items() if type(param) is cls)
    return {"type": kind, **vars(param)}


def from_json(data: object) -> Param:
    """The parameter tree `to_json` wrote; anything else is a `ValueError`."""
    if not isinstance(data, dict) or data.get("type") not in _KINDS:
        raise ValueError(f"not a message parameter: {data!r:.80}")
    fields = {k: v for k, v in data.items() if k != "type"}
    kind = data["type"]
    if kind == "msg":
        params = fields.get("params", {})
        if not isinstance(params, dict):
            raise ValueError(f"message parameters must be an object: {params!r:.80}")
        return Msg(str(fields["id"]), {str(k): from_json(v) for k, v in params.items()})
    if kind == "join":
        return Join(tuple(from_json(p) for p in fields["items"]), str(fields["word"]))
    if kind == "concat":
        return Concat(tuple(from_json(p) for p in fields["parts"]))
    try:
        param: Param = _KINDS[kind](**fields)
    except TypeError as exc:
        raise ValueError(f"bad {kind} parameter {fields!r:.80}: {exc}") from None
    return param


def ids(lang: Lang) -> set[str]:
    """Every message id of a language's catalogue."""
    return set(catalogue(lang))


__all__ = [
    "LOCALES",
    "Change",
    "Concat",
    "Join",
    "Lang",
    "Money",
    "Msg",
    "Num",
    "Param",
    "Plain",
    "Term",
    "catalogue",
    "from_json",
    "ids",
    "msg",
    "placeholders",
    "render",
    "to_json",
]
