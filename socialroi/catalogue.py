"""The text catalogue: every sentence and label socialroi shows, one data file per language.

The texts live in ``socialroi/locales/<language>.toml`` (``en.toml``, ``fr.toml``), keyed by a
message id; code asks for a message by its id and fills its ``{placeholders}`` with text that is
already formatted (numbers go through :mod:`socialroi.formatting`, never through a format spec
here). Adding a language means adding a file.

Why TOML (and not gettext ``.po``): a message id names the place a text is used (``"cap_er"``,
``"col.engagement_rate"``) rather than being the English sentence itself, so English can be
edited without breaking the other languages; Python reads TOML without a dependency
(:mod:`tomllib`), the files take comments and long strings, and translation tools read them.

Lookup and fallback
-------------------
A locale is a CLDR identifier (``"fr"``, ``"fr_CH"``, ``"en_GB"``, ``"de"``). A message is looked
up in the files of the locale itself, then of its language, then English: ``fr_CH`` → ``fr_CH.toml``,
``fr.toml``, ``en.toml``; ``de`` (no file) → ``en.toml``. So a Swiss catalogue needs only the
messages that differ from French, and a locale without a file still reads (in English) while its
numbers and dates follow the locale.

Plural forms
------------
A message may be a table of CLDR plural forms, ``{ one = "post", other = "posts" }``: :func:`text`
picks the form of ``count`` with the locale's plural rule (Babel), so French says "1,5 point" and
English "1.5 points".

>>> text("h_er", "fr")
"Taux d'engagement"
>>> text("unit.posts", "en", count=1), text("unit.posts", "en", count=48)
('post', 'posts')
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import ParameterError

__all__ = ["DEFAULT", "DIRECTORY", "Catalogue", "CATALOGUE", "PLURAL_FORMS", "text", "entry", "has", "fallbacks",
           "parse_locale", "language", "placeholders", "display_name", "dimension", "translate_sources"]

#: Folder of the catalogue files shipped with socialroi.
DIRECTORY = Path(__file__).resolve().parent / "locales"
#: Language every lookup ends with.
DEFAULT = "en"
#: CLDR plural categories (a message that is a table of these keys has plural forms).
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})

Message = str | Mapping[str, str]


@functools.lru_cache(maxsize=256)
def parse_locale(locale: str) -> str:
    """The CLDR identifier of ``locale`` ("fr-ch" → "fr_CH"), or ParameterError when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    if not isinstance(locale, str) or not locale.strip():
        raise ParameterError(f"locale={locale!r}: expected a language code such as 'fr', 'en', 'fr_CH' or 'de'")
    try:
        return str(Locale.parse(locale.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ParameterError(f"locale={locale!r} is not a locale CLDR knows: use a code such as 'fr', 'en', "
                             "'fr_CH', 'en_GB' or 'de'") from None


def language(locale: str) -> str:
    """The language of ``locale`` ("fr_CH" → "fr")."""
    return parse_locale(locale).split("_")[0]


def placeholders(message: Message) -> set[str]:
    """Names of the ``{placeholders}`` of a message (of all its plural forms)."""
    forms = message.values() if isinstance(message, Mapping) else [message]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name is not None}


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Message]:
    out: dict[str, Message] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value and set(value) <= PLURAL_FORMS:
            out[name] = dict(value)
        elif isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, str):
            out[name] = value
        else:
            raise ParameterError(f"catalogue message {name!r} must be a text or a table of plural forms, "
                                 f"got {type(value).__name__}")
    return out


class Catalogue:
    """Messages of every language found in ``directories`` (later folders override earlier ones).

    Parameters
    ----------
    *directories : path
        Extra folders of ``<locale>.toml`` files, searched after socialroi's own
        (:data:`DIRECTORY`): a file there adds a language, or overrides some messages of one.
    """

    def __init__(self, *directories: str | Path) -> None:
        self.directories = (DIRECTORY, *(Path(d) for d in directories))
        self._cache: dict[str, dict[str, Message]] = {}

    def languages(self) -> list[str]:
        """Locales that have a file (``["en", "fr"]``)."""
        return sorted({p.stem for d in self.directories if d.is_dir() for p in d.glob("*.toml")})

    def messages(self, name: str) -> dict[str, Message]:
        """The messages of one file name (``"fr"``, ``"fr_CH"``), {} when there is none; read once."""
        if name not in self._cache:
            merged: dict[str, Message] = {}
            for d in self.directories:
                path = d / f"{name}.toml"
                if path.is_file():
                    with path.open("rb") as fh:
                        merged.update(_flatten(tomllib.load(fh)))
            self._cache[name] = merged
        return self._cache[name]

    def fallbacks(self, locale: str) -> list[str]:
        """Files a message is looked up in, in order: the locale, its language, then English."""
        loc = parse_locale(locale)
        chain = [loc]
        parts = loc.split("_")
        while len(parts) > 1:
            parts = parts[:-1]
            chain.append("_".join(parts))
        if DEFAULT not in chain:
            chain.append(DEFAULT)
        return chain

    def entry(self, key: str, locale: str) -> Message:
        """The message ``key`` in ``locale`` after the fallback rule (KeyError when no file has it)."""
        for name in self.fallbacks(locale):
            found = self.messages(name).get(key)
            if found is not None:
                return found
        raise KeyError(f"no message {key!r} in the catalogue (looked in {self.fallbacks(locale)})")

    def has(self, key: str, locale: str) -> bool:
        """True when ``key`` has a message in ``locale`` (after fallback)."""
        return any(key in self.messages(name) for name in self.fallbacks(locale))

    def text(self, key: str, locale: str, *, count: Any = None, **values: Any) -> str:
        """Message ``key`` in ``locale`` with its placeholders filled by ``values``.

        ``count`` chooses the plural form of a message that has plural forms (CLDR rule of
        ``locale``); it is also available as the placeholder ``{count}`` when not given in
        ``values``. Values are inserted as they are: format numbers first (:mod:`socialroi.formatting`).
        """
        message = self.entry(key, locale)
        if isinstance(message, Mapping):
            message = message.get(_plural_form(count, locale)) or message.get("other") or next(iter(message.values()))
        if count is not None and "count" not in values:
            values = {**values, "count": count}
        try:
            return message.format(**values) if values else message
        except (KeyError, IndexError) as exc:
            raise ParameterError(f"catalogue message {key!r} needs the value {exc}") from None

    def keys(self, name: str) -> set[str]:
        """Message ids of one file name."""
        return set(self.messages(name))


def _plural_form(count: Any, locale: str) -> str:
    from babel import Locale

    if count is None:
        return "other"
    try:
        number = count if isinstance(count, Decimal) else Decimal(str(count).replace("\u2212", "-"))
    except ArithmeticError:
        return "other"
    if not number.is_finite():
        return "other"
    return Locale.parse(parse_locale(locale)).plural_form(abs(number))


#: The catalogue of socialroi's own files (:data:`DIRECTORY`).
CATALOGUE = Catalogue()


def text(key: str, locale: str, *, count: Any = None, **values: Any) -> str:
    """Message ``key`` of :data:`CATALOGUE` in ``locale``, placeholders filled (see :meth:`Catalogue.text`)."""
    return CATALOGUE.text(key, locale, count=count, **values)


def entry(key: str, locale: str) -> Message:
    """The raw message ``key`` of :data:`CATALOGUE` in ``locale`` (a text, or a table of plural forms)."""
    return CATALOGUE.entry(key, locale)


def has(key: str, locale: str) -> bool:
    """True when :data:`CATALOGUE` has message ``key`` in ``locale`` (after fallback)."""
    return CATALOGUE.has(key, locale)


def fallbacks(locale: str) -> list[str]:
    """Files :data:`CATALOGUE` looks a message up in, in order (``"fr_CH"`` → fr_CH, fr, en)."""
    return CATALOGUE.fallbacks(locale)


def display_name(value: Any, locale: str) -> str:
    """Display name of a canonical value in ``locale`` (catalogue table ``name``): ``"tiktok"`` →
    "TikTok", ``"link"`` → fr "lien", ``"meta_ads"`` → "Meta Ads". Other values (brand names) are
    returned as they are, underscores read as spaces in a single word."""
    raw = str(value)
    key = raw.strip().lower()
    if key and has(f"name.{key}", locale):
        return text(f"name.{key}", locale)
    return raw.replace("_", " ") if "_" in raw and " " not in raw else raw


def dimension(name: Any, locale: str) -> str:
    """Name of a column a result is broken down by (catalogue table ``dim``): ``"post_type"`` → "format"."""
    key = str(name)
    return text(f"dim.{key}", locale) if has(f"dim.{key}", locale) else display_name(key, locale)


def translate_sources(line: str, locale: str) -> str:
    """The English source notes of the indicator registry's definitions (catalogue table ``source``,
    English file) replaced by the locale's wording; other text unchanged."""
    if language(locale) == DEFAULT:
        return line
    for key in _iter_keys("source.", DEFAULT):
        english = CATALOGUE.messages(DEFAULT)[key]
        if isinstance(english, str):
            line = line.replace(english, text(key, locale))
    return line


def _iter_keys(prefix: str, locale: str = DEFAULT) -> Iterable[str]:
    """Message ids that start with ``prefix`` in ``locale``'s files (after fallback)."""
    seen: set[str] = set()
    for name in CATALOGUE.fallbacks(locale):
        for key in CATALOGUE.messages(name):
            if key.startswith(prefix) and key not in seen:
                seen.add(key)
                yield key
