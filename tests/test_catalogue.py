"""Tests of socialroi.catalogue: the texts as data, one file per language, with a fallback rule."""

from __future__ import annotations

import string
import tomllib

import pandas as pd
import pytest

import socialroi.catalogue as cat
from socialroi.errors import ParameterError


def _messages(lang: str) -> dict:
    return cat.CATALOGUE.messages(lang)


def test_every_key_exists_in_every_language():
    langs = cat.CATALOGUE.languages()
    assert {"en", "fr"} <= set(langs)
    keys = {lang: set(_messages(lang)) for lang in langs}
    for lang in langs:
        assert keys[lang] == keys["en"], (lang, sorted(keys[lang] ^ keys["en"])[:10])
    assert len(keys["en"]) > 500


def test_every_placeholder_matches_across_languages():
    for key, en in _messages("en").items():
        for lang in cat.CATALOGUE.languages():
            other = _messages(lang)[key]
            assert cat.placeholders(other) == cat.placeholders(en), (lang, key)
            assert isinstance(other, str) == isinstance(en, str), (lang, key)


def test_placeholders_take_formatted_text_only():
    # numbers are formatted by socialroi.formatting before they reach a message: no format spec
    # ({x:.1f}) nor conversion ({x!r}) in a catalogue file; a plural table has an "other" form
    for lang in cat.CATALOGUE.languages():
        for key, message in _messages(lang).items():
            forms = message.values() if isinstance(message, dict) else [message]
            if isinstance(message, dict):
                assert "other" in message and set(message) <= cat.PLURAL_FORMS, (lang, key)
            for form in forms:
                for _, name, spec, conversion in string.Formatter().parse(form):
                    assert not spec and not conversion, (lang, key, name)


def test_the_files_are_plain_toml():
    for path in cat.DIRECTORY.glob("*.toml"):
        with path.open("rb") as fh:
            assert isinstance(tomllib.load(fh), dict)


def test_lookup_plurals_and_errors():
    assert cat.text("h_er", "fr") == "Taux d'engagement" and cat.text("h_er", "en") == "Engagement rate"
    assert cat.text("unit.posts", "en", count=1) == "post" and cat.text("unit.posts", "en", count=2) == "posts"
    assert cat.text("unit.posts", "fr", count=0) == "publication"  # French: 0 takes the singular
    assert cat.text("skipped", "en", analysis="x", reason="y") == "Skipped — x: y"
    with pytest.raises(KeyError, match="no message"):
        cat.text("no.such.key", "en")
    with pytest.raises(ParameterError, match="needs the value"):
        cat.text("skipped", "en", analysis="x")
    with pytest.raises(ParameterError, match="CLDR"):
        cat.text("h_er", "klingon")


def test_fallback_rule():
    # a regional locale reads its language's file, any locale ends with English
    assert cat.fallbacks("fr_CH") == ["fr_CH", "fr", "en"]
    assert cat.fallbacks("de") == ["de", "en"] and cat.fallbacks("en-GB") == ["en_GB", "en"]
    assert cat.text("h_er", "fr_CH") == "Taux d'engagement"
    assert cat.text("h_er", "de") == "Engagement rate"  # no German file: English words (numbers stay German)
    assert cat.display_name("link", "fr_BE") == "lien" and cat.display_name("Maison Lumière", "fr") == "Maison Lumière"


def test_adding_a_language_is_adding_a_file(tmp_path, monkeypatch):
    # a tiny German file and a Swiss-French one beside socialroi's own
    (tmp_path / "de.toml").write_text('h_er = "Engagement-Rate"\n\n[unit]\nposts = { one = "Beitrag", other = '
                                      '"Beiträge" }\n', encoding="utf-8")
    (tmp_path / "fr_CH.toml").write_text('h_er = "Taux d\'engagement (Suisse)"\n', encoding="utf-8")
    c = cat.Catalogue(tmp_path)
    assert {"de", "en", "fr", "fr_CH"} <= set(c.languages())
    assert c.text("h_er", "de") == "Engagement-Rate" and c.text("unit.posts", "de", count=3) == "Beiträge"
    assert c.text("h_results", "de") == "Headline results"  # what the file lacks falls back to English
    assert c.text("h_er", "fr_CH") == "Taux d'engagement (Suisse)" and c.text("h_results", "fr_CH") == "Résultats clés"
    # the whole presentation layer reads the new file: the sentence under every interval, in German
    # words and German numbers
    import socialroi.narrative as nr

    monkeypatch.setattr(cat, "CATALOGUE", c)
    (tmp_path / "de.toml").write_text('across = " über {counted}"\n\n[unit]\nposts = { one = "Beitrag", other = '
                                      '"Beiträge" }\n', encoding="utf-8")
    c._cache.clear()
    assert nr.ci_basis(1137, "posts", locale="de") == " über 1.137 Beiträge"
    from babel.numbers import format_decimal

    assert nr.ci_basis(1137, "posts", locale="fr_CH") == f" sur {format_decimal(1137, locale='fr_CH')} publications"


def test_report_texts_in_a_regional_locale():
    import socialroi.narrative as nr

    t = pd.DataFrame({"n_posts": [3], "numerator": [90.0], "denominator": [2000.0],
                      "engagement_rate": [0.045], "ci_low": [0.037], "ci_high": [0.055]})
    ch = nr.interpret_engagement(t, basis="reach", locale="fr_CH", period="du A au B")
    assert "un taux d'engagement de 4,50% (IC à 95 % 3,70% à 5,50%)" in ch  # French words, Swiss percentages
    de = nr.interpret_engagement(t, basis="reach", locale="de", period="from A to B")
    assert "2.000 reach-days" in de and "4,50\u00a0%" in de  # English words (no German file), German numbers
