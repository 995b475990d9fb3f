"""The client report as an editable slide deck (python-pptx), from the texts of the HTML report.

:func:`write_pptx` takes the view of :func:`socialroi.narrative.client.client_view` (every text
already written by the formatter and the catalogue) and the charts as PNG bytes: a title slide, the
executive summary (a native, editable table), one slide per goal with its chart, its sentence and
its definition in the speaker notes, the best posts, then the recommendations. Every text is set as text (python-pptx
escapes XML), so a post text such as ``<script>`` stays text.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

__all__ = ["write_pptx"]


def write_pptx(view: dict[str, Any], charts: dict[str, bytes], path: str | os.PathLike[str]) -> Path:
    """Write the deck to ``path`` (the caller makes it atomic). Returns ``path``."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_layout, content_layout = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = view["title"]
    s.placeholders[1].text = view["subtitle"]
    s.notes_slide.notes_text_frame.text = view["notes_source"]

    s = prs.slides.add_slide(content_layout)
    s.shapes.title.text = view["slide_summary"]
    rows = view["summary"]
    lab = view["labels"]
    heads = [lab["col_goal"], lab["col_indicator"], lab["col_previous"], lab["col_current"], lab["col_change"],
             lab["col_verdict"]]
    table = s.shapes.add_table(len(rows) + 1, len(heads), Inches(0.5), Inches(1.5), Inches(12.3),
                               Inches(0.5) * (len(rows) + 1)).table
    widths = [1.7, 2.6, 1.6, 1.6, 2.9, 1.9]
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(Inches(w)))
    for j, h in enumerate(heads):
        table.cell(0, j).text = h
    for i, r in enumerate(rows, start=1):
        for j, key in enumerate(("goal", "indicator", "previous", "current", "change", "verdict")):
            table.cell(i, j).text = r[key]
    for cell in (table.cell(i, j) for i in range(len(rows) + 1) for j in range(len(heads))):
        for p in cell.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(13)
    box = s.shapes.add_textbox(Inches(0.5), Inches(5.1), Inches(12.3), Inches(1.8)).text_frame
    box.word_wrap = True
    box.text = view["summary_intro"]
    box.paragraphs[0].runs[0].font.size = Pt(12)
    s.notes_slide.notes_text_frame.text = lab["def_change"]

    for r in rows:
        s = prs.slides.add_slide(content_layout)
        s.shapes.title.text = f"{r['goal']} — {r['indicator']}"
        png = charts.get(r["key"])
        if png:
            s.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(1.6), width=Inches(6.6))
        tf = s.shapes.add_textbox(Inches(7.4), Inches(1.7), Inches(5.4), Inches(4.5)).text_frame
        tf.word_wrap = True
        tf.text = r["sentence"]
        tf.paragraphs[0].runs[0].font.size = Pt(18)
        if r["current_ci"]:
            p = tf.add_paragraph()
            p.text = r["current_ci"]
            p.runs[0].font.size = Pt(13)
        s.notes_slide.notes_text_frame.text = r["definition"] + "\n" + lab["def_change"]

    best = view["worked"]["best"]
    if best:  # what worked: the best posts, their texts as data (python-pptx escapes them)
        s = prs.slides.add_slide(content_layout)
        s.shapes.title.text = lab["h_worked"]
        heads = [lab["col_post"], lab["col_when"], lab["col_rate"], lab["col_text"]]
        table = s.shapes.add_table(len(best) + 1, 4, Inches(0.5), Inches(1.5), Inches(12.3),
                                   Inches(0.8) * (len(best) + 1)).table
        for j, w in enumerate([2.3, 1.8, 1.6, 6.6]):
            table.columns[j].width = Emu(int(Inches(w)))
        for j, h in enumerate(heads):
            table.cell(0, j).text = h
        for i, b in enumerate(best, start=1):
            for j, key in enumerate(("post", "when", "rate", "text")):
                table.cell(i, j).text = b[key]
                for p in table.cell(i, j).text_frame.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(12)
        s.notes_slide.notes_text_frame.text = lab["best_intro"]

    s = prs.slides.add_slide(content_layout)
    s.shapes.title.text = lab["h_recs"]
    tf = s.shapes.add_textbox(Inches(0.6), Inches(1.6), Inches(12.1), Inches(5.4)).text_frame
    tf.word_wrap = True
    items = view["recs"] or [view["no_recs"]]
    for k, line in enumerate(items):
        p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
        p.text = ("• " if view["recs"] else "") + line
        p.runs[0].font.size = Pt(16)
    s.notes_slide.notes_text_frame.text = lab["recs_intro"]
    # the default template's placeholders are laid out for a 4:3 slide: span them over the 16:9 width
    for slide in prs.slides:
        for ph in slide.placeholders:
            ph.left, ph.width = Inches(0.6), prs.slide_width - Inches(1.2)
    prs.save(str(path))
    return Path(path)
