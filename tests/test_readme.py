"""The README tells the truth: its Python example runs as written on the bundled sample."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_example_runs():
    blocks = _python_blocks()
    assert blocks, "README has no python example"
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # noqa: S102 - our own README
    lift, mmm = namespace["lift"], namespace["mmm"]
    # planted: instagram audience reach x1.35 during the campaign (data/sample/README.md)
    assert lift.ci_low < 0.35 < lift.ci_high
    assert lift.p_value < 0.05
    # planted: community management is a constant salary -> flagged, not estimated
    assert any("community_management" in str(w) for w in mmm.warnings)


def test_readme_first_two_commands_are_demo_and_test():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    bash = re.findall(r"```bash\n(.*?)```", text, flags=re.S)[0]
    commands = [ln.split("#")[0].strip() for ln in bash.splitlines() if ln.strip()]
    assert commands[:2] == ["make demo", "make test"]
