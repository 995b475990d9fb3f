"""The tutorial reads without running (issue 16, point 4): every lesson is a Markdown cell of the stored
notebook, in French (00_tutorial) and in English (00_tutorial_en), and both notebooks ask the same
exercises with the same checks. Nothing is executed here: the notebooks are read as a student opening
them in JupyterLab or on a repository page sees them."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

import socialroi.tutorial as tu

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"fr": ROOT / "notebooks" / "00_tutorial.ipynb", "en": ROOT / "notebooks" / "00_tutorial_en.ipynb"}
HEADINGS = {  # every lesson's heading, as the student reads it
    "fr": ["# 00 · Tutoriel", "## 1. « Comment », pas « si »", "## 2. Les indicateurs et le piège du dénominateur",
           "## 3. La portée ne s'additionne pas", "## 4. Lire l'effet d'une campagne et son intervalle",
           "## 5. ROI : l'engagement avant le chiffre d'affaires", "## 6. La peur du bad buzz",
           "## 7. Pourquoi l'intervalle de Wilson est faux pour des publications", "## En résumé"],
    "en": ["# 00 · Tutorial", "## 1. \"How\", not \"whether\"", "## 2. Indicators and the denominator trap",
           "## 3. Reach is not additive", "## 4. Reading a campaign lift and its interval",
           "## 5. ROI: engagement before revenue", "## 6. The bad-buzz fear",
           "## 7. Why the Wilson interval is wrong for posts", "## Summary"],
}
EXERCISE_WORD = {"fr": "Exercice", "en": "Exercise"}


def _read(lang):
    return nbformat.read(NOTEBOOKS[lang], as_version=4)


def _checks(nb) -> list[tuple[int, str, str]]:
    """(cell index, exercise key, answer variable) of every ``lesson.check(key, answer)`` call."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "lesson"):
                out.append((i, node.args[0].value, node.args[1].id))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_lesson_heading_is_markdown_text(lang):
    nb = _read(lang)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    found = [line for cell in markdown for line in cell.splitlines() if line.startswith("#")]
    for heading in HEADINGS[lang]:
        assert any(h.startswith(heading) for h in found), heading
        assert heading not in code  # the lesson is text, not something a cell prints
    # in the order of the course
    order = [next(i for i, h in enumerate(found) if h.startswith(heading)) for heading in HEADINGS[lang]]
    assert order == sorted(order)
    # no lesson is produced by running code any more
    assert "lesson.show(" not in code and "lesson.text(" not in code
    # the lessons are written in the notebook's language
    other = "en" if lang == "fr" else "fr"
    assert not any(h in "\n".join(markdown) for h in HEADINGS[other][1:])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_exercise_is_stated_in_the_markdown_just_before_its_check(lang):
    nb = _read(lang)
    checks = _checks(nb)
    assert [key for _, key, _ in checks] == list(tu.EXERCISES)
    previous = 0
    for n, (i, key, var) in enumerate(checks, start=1):
        assert var == f"answer_{n}"
        statement = [c.source for c in nb.cells[previous:i] if c.cell_type == "markdown"]
        assert any(f"**{EXERCISE_WORD[lang]} {n}.**" in s for s in statement), (lang, key)
        cell = nb.cells[i].source
        assert f"answer_{n} = None" in cell  # the student replaces None; the check gives a hint when wrong
        assert f'tu.solution("{key}", ds)' in cell
        previous = i


def _code_without_comments(nb) -> list[str]:
    """Every code cell as its syntax tree (comments and the parameters' default locale set aside)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source = re.sub(r'^locale = "\w+"', 'locale = "?"', source, flags=re.MULTILINE)
        source = re.sub(r'notebook="00_tutorial(_en)?"', 'notebook="?"', source)
        out.append(ast.dump(ast.parse(source)))
    return out


def test_french_and_english_notebooks_are_in_step():
    fr, en = _read("fr"), _read("en")
    # same cells in the same order: Markdown where the other has Markdown, the same code and checks
    assert [c.cell_type for c in fr.cells] == [c.cell_type for c in en.cells]
    assert _code_without_comments(fr) == _code_without_comments(en)
    assert [(k, v) for _, k, v in _checks(fr)] == [(k, v) for _, k, v in _checks(en)]
    # each Markdown cell is the same lesson: same heading level and number, same exercise number
    for a, b in zip(fr.cells, en.cells, strict=True):
        if a.cell_type != "markdown":
            continue
        ha, hb = a.source.splitlines()[0], b.source.splitlines()[0]
        assert re.match(r"#+ \d*", ha).group() == re.match(r"#+ \d*", hb).group(), (ha, hb)
        na = re.findall(r"\*\*Exercice (\d+)\.\*\*", a.source)
        nb_ = re.findall(r"\*\*Exercise (\d+)\.\*\*", b.source)
        assert na == nb_, (ha, hb)
    # each notebook's default feedback language is its own
    params = {lang: next(c for c in nb.cells if "parameters" in c.metadata.get("tags", [])).source
              for lang, nb in (("fr", fr), ("en", en))}
    assert 'locale = "fr"' in params["fr"] and 'locale = "en"' in params["en"]


def test_lesson_sources_have_the_same_sections():
    spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    fr, en = build.lessons("fr"), build.lessons("en")
    assert list(fr) == list(en) == ["intro", *tu.EXERCISES, "summary"]
    for key in tu.EXERCISES:
        n = tu.EXERCISES.index(key) + 1
        assert f"**Exercice {n}.**" in fr[key] and f"**Exercise {n}.**" in en[key], key
