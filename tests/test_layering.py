"""The shape of the package (issue 14): no import circle, and one place that writes numbers as text.

Both checks read the source with :mod:`ast` (nothing is imported or run): every ``import`` of a
socialroi module counts, also those inside functions (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "socialroi"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")}


def import_graph() -> dict[str, set[str]]:
    """socialroi module → socialroi modules it imports (at any depth of its code)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in mods else stem for a in node.names]
            for t in targets:
                while t and t not in mods:  # socialroi.plots.plot_lift -> socialroi.plots
                    t = t.rsplit(".", 1)[0] if "." in t else ""
                if t and t != name:
                    graph[name].add(t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert "socialroi.formatting" in graph and "socialroi.plots.awareness" in graph["socialroi.plots"]
    assert cycles(graph) == []


def test_the_circle_check_finds_circles():
    # the check must be able to fail: plots imported its formatters back from narrative (issue 14)
    graph = import_graph()
    graph["socialroi.plots.indicators"] = graph["socialroi.plots.indicators"] | {"socialroi.narrative.common"}
    graph["socialroi.narrative.common"] = graph["socialroi.narrative.common"] | {"socialroi.plots"}
    assert any("socialroi.plots.indicators" in c for c in cycles(graph))


def test_the_bottom_of_the_house_imports_nothing_above_it():
    # formatting and the catalogue are used by every layer: they import only errors (and each other)
    graph = import_graph()
    assert graph["socialroi.catalogue"] <= {"socialroi.errors"}
    assert graph["socialroi.formatting"] <= {"socialroi.errors", "socialroi.catalogue"}
    # the domain modules never import the presentation layer's text (narrative, notebook, report)
    for domain in ("indicators", "awareness", "loyalty", "market_share", "roi", "intervals"):
        assert not {m for m in graph[f"socialroi.{domain}"] if m.split(".")[1] in ("narrative", "notebook", "report")}


# ---------------------------------------------------------------------------------------------
# Numbers as text: only socialroi/formatting.py
# ---------------------------------------------------------------------------------------------
#: a format spec that writes a number: a presentation type or a grouping option ("{x:.1f}",
#: "{n:,}", "{p:.3g}", "{r:.0%}"); alignment alone ("{name:<12}") pads text and is allowed
_NUMBER_SPEC = re.compile(r"([,_]|\.\d+|[eEfFgGn%dxXbo])$")
_STR_SPEC = re.compile(r"\{[^{}:!]*(?:![rsa])?:[^{}]*?[,_]?(?:\.\d+)?[eEfFgGn%dxXbo]\}")
_PERCENT_SPEC = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[dieEfFgGxXo]")

#: (file, text of the line) allowed to write a number by hand, with the reason: identifiers, not
#: numbers a reader reads
ALLOWED: dict[tuple[str, str], str] = {
    ("socialroi/_read.py", 'shown = f"0x{byte[0]:02X}" if byte else "end of file"'):
        "a byte of a file that cannot be decoded, in hexadecimal (as a text editor shows it)",
    ("socialroi/batch.py", 'target = folder / "figures" / f"figure-{n:02d}.png"'): "a file name",
    ("socialroi/samples.py", '"post_id": [f"{prefix}{i:05d}" for i in range(1, n + 1)],'):
        "sample ids (the samples are regenerated byte for byte)",
    ("socialroi/samples.py", 'mentions.insert(0, "mention_id", [f"M{i:06d}" for i in range(1, len(mentions) + 1)])'):
        "sample ids",
    ("socialroi/samples.py", 'orders.insert(0, "order_id", [f"CMD{i:06d}" for i in range(1, len(orders) + 1)])'):
        "sample ids",
    ("socialroi/samples.py", 'orders.insert(1, "customer_id", [f"C{c + 1:05d}" for c in orders["c"]])'): "sample ids",
    ("socialroi/samples.py", 'mentions.insert(0, "mention_id", [f"FM{i:05d}" for i in range(1, len(mentions) + 1)])'):
        "sample ids",
}


def number_text_sites(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Lines of ``path`` that write a number as text without socialroi.formatting."""
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    lines = src.splitlines()
    found: list[int] = []
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            text = "".join(v.value for v in spec.values if isinstance(v, ast.Constant)) if isinstance(
                spec, ast.JoinedStr) else ""
            if text and node.conversion == -1 and _NUMBER_SPEC.search(text):
                found.append(node.lineno)
            if isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "round":
                found.append(node.lineno)
        elif isinstance(node, ast.Call):
            f = node.func
            name = getattr(f, "id", None) or getattr(f, "attr", None)
            consts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name == "format" and isinstance(f, ast.Name) and len(node.args) == 2:
                found.append(node.lineno)  # format(x, ".2f")
            if name == "replace" and consts[:2] in ([".", ","], [",", "."]):
                found.append(node.lineno)  # a decimal mark by hand
            if name == "format" and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Constant) and \
                    isinstance(f.value.value, str) and _STR_SPEC.search(f.value.value):
                found.append(node.lineno)  # "{:.2f}".format(x)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str) and _PERCENT_SPEC.search(node.left.value):
            found.append(node.lineno)  # "%.2f" % x
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and _STR_SPEC.search(node.value):
            found.append(node.lineno)  # a template with "{x:.1f}" used later
    rel = path.relative_to(root).as_posix()
    return sorted({(n, lines[n - 1].strip()) for n in found if (rel, lines[n - 1].strip()) not in ALLOWED})


def test_only_the_formatter_writes_numbers_as_text():
    sites = {}
    for path in sorted(PKG.rglob("*.py")):
        if path.name == "formatting.py" and path.parent == PKG:
            continue
        found = number_text_sites(path)
        if found:
            sites[path.relative_to(ROOT).as_posix()] = found
    assert sites == {}


def test_the_number_text_scan_finds_what_it_looks_for(tmp_path):
    # the scan must be able to fail: each way of writing a number by hand is found
    bad = tmp_path / "bad.py"
    bad.write_text('x = 0.5\na = f"{x:.1f}"\nb = f"{x:,}"\nc = "{:.2%}".format(x)\nd = "%.2f" % x\n'
                   'e = str(x).replace(".", ",")\nf = f"{round(x, 2)}"\ng = format(x, ".3g")\n'
                   'T = {"k": "{v:.0f} points"}\nok = f"{x!r:.60}{x:<10}{x}"\n', encoding="utf-8")
    assert [n for n, _ in number_text_sites(bad, root=tmp_path)] == [2, 3, 4, 5, 6, 7, 8, 9]
