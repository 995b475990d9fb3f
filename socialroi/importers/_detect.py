"""Header-row detection and family recognition (private).

The first ``SCAN_ROWS`` rows of a grid are scanned for a header row; each candidate row is matched
against every family's alias table. A family is *complete* on a row when each of its required
groups has a matching column and none of its forbidden keys is present; among complete matches
the one with the most required groups, then the most recognised columns, then the earliest row
wins. A description row right under the header (``Lifetime: The number of ...``) is dropped and
used to tell duplicate header names apart (``(Unique Users)`` vs ``(Total Count)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ._families import FAMILIES, Family
from ._parse import norm_label

__all__: list[str] = []

SCAN_ROWS = 40
_DESC = re.compile(r"^(lifetime|daily|weekly|28 days|monthly|days 28)\s*:", re.I)
_DESC_SUFFIX = re.compile(r"\((unique users|total count)\)\s*$", re.I)


@dataclass
class Match:
    family: Family
    header_row: int
    labels: list[str]  # header labels as written (duplicates disambiguated)
    columns: dict[str, int]  # field key -> column index
    duplicates: list[str] = field(default_factory=list)
    description_row: bool = False


@dataclass
class NearMiss:
    family: Family
    found: int
    needed: int
    missing: list[str]


def _is_description_row(row: list[Any]) -> bool:
    cells = [str(c).strip() for c in row if c not in (None, "") and str(c).strip()]
    if len(cells) < 2:
        return False
    return sum(bool(_DESC.match(c)) for c in cells) >= max(2, len(cells) // 2)


def _header_labels(rows: list[list[Any]], i: int) -> tuple[list[str], bool, list[str]]:
    header = ["" if c is None else str(c).strip().replace("\ufeff", "") for c in rows[i]]
    desc = i + 1 < len(rows) and _is_description_row(rows[i + 1])
    folded = [norm_label(h) for h in header]
    dupes = sorted({f for f in folded if f and folded.count(f) > 1})
    if desc and dupes:
        drow = rows[i + 1]
        for j, f in enumerate(folded):
            if f in dupes and j < len(drow) and drow[j]:
                m = _DESC_SUFFIX.search(str(drow[j]))
                if m:
                    header[j] = f"{header[j]} ({m.group(1).title()})"
    # anything still duplicated gets a position suffix, so no column is lost silently
    seen: dict[str, int] = {}
    still = []
    for j, h in enumerate(header):
        f = norm_label(h)
        if not f:
            continue
        if f in seen:
            seen[f] += 1
            header[j] = f"{h} #{seen[f]}"
            still.append(h)
        else:
            seen[f] = 1
    return header, desc, still


_MATCHERS = {f.name: f.matcher() for f in FAMILIES}
# exact aliases of every required key: a row that has none of them cannot be a header of the family
_ANY_REQUIRED = {
    f.name: {a for a, k, prefix in _MATCHERS[f.name] if not prefix and any(k in g for g in f.required)}
    for f in FAMILIES
}


def _match_family(fam: Family, folded: list[str], index: dict[str, list[int]]) -> dict[str, int]:
    cols: dict[str, int] = {}
    used: set[int] = set()
    for alias, key, prefix in _MATCHERS[fam.name]:
        if key in cols:
            continue
        if prefix:
            hits = [j for j, lab in enumerate(folded) if lab.startswith(alias)]
        else:
            hits = index.get(alias, [])
        for j in hits:
            if j not in used:
                cols[key] = j
                used.add(j)
                break
    return cols


def detect(rows: list[list[Any]]) -> tuple[Match | None, list[NearMiss]]:
    """Best complete family match on the first rows, or None with the nearest families."""
    best: tuple[tuple[int, int, int], Match] | None = None
    near: dict[str, NearMiss] = {}
    for i in range(min(SCAN_ROWS, len(rows))):
        row = rows[i]
        if sum(1 for c in row if c not in (None, "") and str(c).strip()) < 2:
            continue
        header, desc, dupes = _header_labels(rows, i)
        folded = [norm_label(h) for h in header]
        index: dict[str, list[int]] = {}
        for j, lab in enumerate(folded):
            if lab:
                index.setdefault(lab, []).append(j)
        for fam in FAMILIES:
            if not (_ANY_REQUIRED[fam.name] & index.keys()):
                continue
            cols = _match_family(fam, folded, index)
            found = [g for g in fam.required if any(k in cols for k in g)]
            missing = [fam.fields[g[0]][0] if len(g) == 1 else " or ".join(fam.fields[k][0] for k in g) for g in fam.required if not any(k in cols for k in g)]
            forbidden = [fam.fields[k][0] for k in fam.forbidden if k in cols]
            if not missing and not forbidden:
                score = (len(fam.required), len(cols), -i)
                if best is None or score > best[0]:
                    best = (score, Match(fam, i, header, cols, dupes, desc))
            else:
                miss = missing + [f"(must not have {f!r})" for f in forbidden]
                prev = near.get(fam.name)
                if prev is None or len(found) > prev.found:
                    near[fam.name] = NearMiss(fam, len(found), len(fam.required), miss)
    if best is not None:
        return best[1], []
    ranked = sorted(near.values(), key=lambda n: (-n.found / n.needed, -n.found, n.family.name))
    return None, ranked[:3]
