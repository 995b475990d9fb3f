"""Batch runner and client reports (issue 7).

The notebooks here are tiny ones built with nbformat in a temporary folder (not the real analysis
notebooks), so the tests check the runner itself: isolation of failures, reports, resumability,
safety of names and texts, interruption and the Dask executor. Kernel starts cost ~2-3 s each, so
one batch (module fixture) serves several tests.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from socialroi import batch
from socialroi.errors import ParameterError
from socialroi.report import (
    neutralise_csv_cell,
    notebook_to_html,
    write_index,
    write_results,
    write_summary_csv,
)

XSS = "<script>alert(1)</script>"

# ----------------------------------------------------------------------------------------------
# Tiny notebooks and datasets
# ----------------------------------------------------------------------------------------------

_PARAMS = 'data_dir = "."\noutput_dir = "."\nthreshold = 1.5\nlabel = "demo"\n'


def _nb(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = cells
    return nb


def _params_cell(source: str = _PARAMS) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]})


def _make_project(root: Path) -> Path:
    """notebooks 01_ok (reads posts.csv, shows texts, writes results.json), 02_fail (raises),
    03_slow (writes its kernel pid to marker_path, then sleeps); datasets good and broken."""
    code = nbformat.v4.new_code_cell
    nbs = root / "nbs"
    nbs.mkdir(parents=True)
    ok = _nb([
        nbformat.v4.new_markdown_cell("# Tiny report"),
        _params_cell(),
        code('import pathlib\nimport pandas as pd\nfrom socialroi.report import write_results\n'
             'posts = pd.read_csv(pathlib.Path(data_dir) / "posts.csv")'),
        code('print(posts["text"].iloc[0])\nposts[["post_id", "text"]]'),
        code('write_results({"posts": len(posts), "label": label, "threshold": threshold}, output_dir)'),
    ])
    fail = _nb([_params_cell(), code("x = 1"), code('raise ValueError("planned failure")')])
    slow = _nb([
        _params_cell('data_dir = "."\noutput_dir = "."\nmarker_path = ""\n'),
        code("import os, pathlib, time\nif marker_path:\n"
             "    pathlib.Path(marker_path).write_text(f'{os.getpid()} {os.getppid()}')\n"
             "time.sleep(60)"),
    ])
    nbformat.write(ok, nbs / "01_ok.ipynb")
    nbformat.write(fail, nbs / "02_fail.ipynb")
    nbformat.write(slow, nbs / "03_slow.ipynb")
    good = root / "data" / "good"
    good.mkdir(parents=True)
    (good / "posts.csv").write_text(f'post_id,text\np1,"{XSS}"\np2,=1+1\n', encoding="utf-8")
    broken = root / "data" / "broken"
    broken.mkdir(parents=True)
    (broken / "posts.csv").write_text("post_id,message\np1,x\n", encoding="utf-8")  # no text column
    return nbs


_CONFIG = """\
notebooks_dir: nbs
defaults:
  parameters: {threshold: 2}
clients:
  - name: Good Co
    data_dir: data/good
    notebooks: [01_ok, 02_fail]
    parameters: {label: "=cmd|' /C calc'!A0"}
  - name: Broken
    data_dir: data/broken
    notebooks: [01_ok]
  - name: ../../x
    data_dir: data/good
    notebooks: [01_ok]
  - name: Slow
    data_dir: data/good
    notebooks: [03_slow]
    timeout: 2.5
"""


class _Text(HTMLParser):
    """Visible text of an HTML page, the contents of its <script> elements, and its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.tags: list[tuple[str, list]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _parse(html_text: str) -> _Text:
    p = _Text()
    p.feed(html_text)
    return p


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# ----------------------------------------------------------------------------------------------
# One batch with failures (module fixture: 5 runs)
# ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch_one(tmp_path_factory):
    root = tmp_path_factory.mktemp("proj") / "a" / "b"
    _make_project(root)
    (root / "clients.yml").write_text(_CONFIG, encoding="utf-8")
    out = root / "out"
    before = _files(root.parents[1])
    stdout, stderr = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = batch.main([str(root / "clients.yml"), "--out", str(out), "--workers", "2",
                         "--no-progress"])
    return {"root": root, "out": out, "rc": rc, "stdout": stdout.getvalue(),
            "stderr": stderr.getvalue(), "before": before, "seconds": time.perf_counter() - t0}


def test_batch_failures_are_isolated_and_reported(batch_one):
    out, text = batch_one["out"], batch_one["stdout"]
    assert batch_one["rc"] == 1, batch_one["stderr"]
    # the failure report names the client, the notebook, the cell (execution count) and the error
    # (cells count papermill's injected-parameters cell: 02_fail = [1] params, [2] injected,
    # [3] x = 1, [4] raise; 01_ok on the broken data fails at [4], the print of posts["text"])
    assert "Good Co / 02_fail: cell [4]: ValueError: planned failure" in text
    assert "Broken / 01_ok: cell [4]: KeyError: 'text'" in text
    assert "Slow / 03_slow: cell [3]: timeout" in text
    assert "5 runs" in text and "2 ok" in text and "3 failed" in text
    manifest = json.loads((out / "manifest.json").read_text())
    status = {(r["client"], r["notebook"]): r["status"] for r in manifest["runs"]}
    assert status == {("Good Co", "01_ok"): "ok", ("Good Co", "02_fail"): "failed",
                      ("Broken", "01_ok"): "failed", ("../../x", "01_ok"): "ok",
                      ("Slow", "03_slow"): "failed"}


def test_good_runs_have_complete_outputs(batch_one):
    out = batch_one["out"]
    run = out / "good-co" / "01_ok"
    assert {"01_ok.ipynb", "01_ok.html", "results.json", "status.json"} <= _files(run)
    # parameters: the default threshold (2, an integer accepted for a float) and the client label
    assert json.loads((run / "results.json").read_text()) == {
        "posts": 2, "label": "=cmd|' /C calc'!A0", "threshold": 2}
    st = json.loads((run / "status.json").read_text())
    assert st["status"] == "ok" and st["parameters"] == {"threshold": 2, "label": "=cmd|' /C calc'!A0"}
    executed = nbformat.read(run / "01_ok.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(batch_one["root"] / "data" / "good") in injected[0].source
    # failed runs: executed notebook kept (with the traceback) and status failed; no report
    failed = out / "good-co" / "02_fail"
    assert {"02_fail.ipynb", "status.json"} <= _files(failed)
    assert not {"02_fail.html", "results.json"} & _files(failed)
    st = json.loads((failed / "status.json").read_text())
    assert (st["status"], st["cell"], st["error"]) == ("failed", 4, "ValueError: planned failure")
    assert not (out / ".socialroi-tmp").exists()


def test_index_and_summary(batch_one):
    out = batch_one["out"]
    page = (out / "index.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    visible = " ".join(parsed.text)
    for name in ("Good Co", "Broken", "../../x", "Slow"):
        assert name in visible
    assert "ValueError: planned failure" in visible and "KeyError: 'text'" in visible
    assert not parsed.scripts
    links = [dict(a)["href"] for t, a in parsed.tags if t == "a"]
    reports = [h for h in links if h.endswith(".html")]
    assert sorted(reports) == ["good-co/01_ok/01_ok.html", "x/01_ok/01_ok.html"]
    assert all((out / h).is_file() for h in links if h != "summary.csv")
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # one row per client and KPI of the ok runs (2 runs × 3 KPIs); formula-like text neutralised
    assert len(rows) == 6
    assert {r["client"] for r in rows} == {"Good Co", "../../x"}
    label = next(r["value"] for r in rows if r["client"] == "Good Co" and r["kpi"] == "label")
    assert label == "'=cmd|' /C calc'!A0"
    assert next(r["value"] for r in rows if r["kpi"] == "posts") == "2"


def test_post_text_with_script_shows_as_text_in_report(batch_one):
    page = (batch_one["out"] / "good-co" / "01_ok" / "01_ok.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    visible = "".join(parsed.text)
    # printed (text/plain stream) and in the displayed DataFrame (text/html): twice, as text
    assert visible.count(XSS) == 2
    assert not any("alert" in s for s in parsed.scripts)
    # no code and no parameters in the client report
    assert "write_results" not in visible and "threshold" not in visible
    assert "Tiny report" in visible


def test_client_name_cannot_escape_output_folder(batch_one):
    out, root = batch_one["out"], batch_one["root"]
    assert (out / "x" / "01_ok" / "status.json").is_file()
    new = _files(root.parents[1]) - batch_one["before"]
    outside = [f for f in new if not (root.parents[1] / f).resolve().is_relative_to(out.resolve())]
    assert outside == []
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))


def test_rerun_skips_unchanged_and_changed_parameter_reruns_only_that(batch_one, tmp_path):
    root = batch_one["root"]
    out = tmp_path / "out"
    shutil.copytree(batch_one["out"], out)
    config = {
        "notebooks_dir": str(root / "nbs"),
        "defaults": {"parameters": {"threshold": 2}},
        "clients": [
            {"name": "Good Co", "data_dir": str(root / "data" / "good"), "notebooks": ["01_ok"],
             "parameters": {"label": "=cmd|' /C calc'!A0"}},
            {"name": "../../x", "data_dir": str(root / "data" / "good"), "notebooks": ["01_ok"]},
        ],
    }
    stamp = {p: p.stat().st_mtime_ns for p in out.glob("*/01_ok/*")}
    table = batch.run(config, out=out, workers=2, progress=False)
    assert list(table["status"]) == ["skipped", "skipped"]
    assert {p: p.stat().st_mtime_ns for p in out.glob("*/01_ok/*")} == stamp  # nothing rewritten
    assert (out / "index.html").read_text().count("01_ok.html") == 2

    config["clients"][1]["parameters"] = {"label": "changed"}
    plan = batch.run(config, out=out, dry_run=True, progress=False)
    assert list(plan["status"]) == ["skipped", "to run"]
    table = batch.run(config, out=out, workers=2, progress=False)
    assert list(table["status"]) == ["skipped", "ok"]
    assert json.loads((out / "x" / "01_ok" / "results.json").read_text())["label"] == "changed"
    assert (out / "good-co" / "01_ok" / "status.json").stat().st_mtime_ns == \
        stamp[out / "good-co" / "01_ok" / "status.json"]
    # the data, the notebook and force all make a pair run again (dry run: nothing executes)
    assert list(batch.run(config, out=out, dry_run=True, force=True, progress=False)["status"]) == \
        ["to run", "to run"]
    (root / "data" / "good" / "extra.txt").write_text("new export")
    try:
        assert list(batch.run(config, out=out, dry_run=True, progress=False)["status"]) == \
            ["to run", "to run"]
    finally:
        (root / "data" / "good" / "extra.txt").unlink()


# ----------------------------------------------------------------------------------------------
# Interruption (Ctrl-C) and the Dask executor
# ----------------------------------------------------------------------------------------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    # a zombie is dead for our purpose
    try:
        return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0
    except OSError:
        return True


def test_ctrl_c_keeps_finished_runs_and_marks_nothing_unfinished_complete(tmp_path):
    _make_project(tmp_path)
    marker = tmp_path / "kernel.pid"
    config = {
        "notebooks_dir": "nbs",
        "clients": [
            {"name": "Fast", "data_dir": "data/good", "notebooks": ["01_ok"]},
            {"name": "Slow", "data_dir": "data/good", "notebooks": ["03_slow"],
             "parameters": {"marker_path": str(marker)}},
        ],
    }
    import yaml

    (tmp_path / "clients.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from socialroi.batch import main; "
         f"sys.exit(main([{str(tmp_path / 'clients.yml')!r}, '--out', {str(out)!r}, "
         "'--workers', '2', '--no-progress']))"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not (marker.exists() and (out / "fast" / "01_ok" / "status.json").exists()):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "runs did not start"
            time.sleep(0.2)
        kernel_pid = int(marker.read_text().split()[0])
        assert _pid_alive(kernel_pid)
        proc.send_signal(signal.SIGINT)  # Ctrl-C to the batch process only
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err
    # the finished run is intact; the interrupted one left nothing that looks complete
    assert json.loads((out / "fast" / "01_ok" / "status.json").read_text())["status"] == "ok"
    assert (out / "fast" / "01_ok" / "01_ok.html").is_file()
    assert not (out / "slow").exists() or not list((out / "slow").rglob("status.json"))
    assert not (out / ".socialroi-tmp").exists()
    assert "not run (interrupted)" in (out / "index.html").read_text()
    # the worker and its kernel are gone
    deadline = time.monotonic() + 15
    while _pid_alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _pid_alive(kernel_pid)


def test_killed_worker_fails_only_its_run(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    _make_project(tmp_path)
    marker, out = tmp_path / "kernel.pid", tmp_path / "out"
    config = {
        "notebooks_dir": str(tmp_path / "nbs"),
        "clients": [
            {"name": "Slow", "data_dir": str(tmp_path / "data" / "good"), "notebooks": ["03_slow"],
             "parameters": {"marker_path": str(marker)}},
            {"name": "Fast", "data_dir": str(tmp_path / "data" / "good"), "notebooks": ["01_ok"]},
        ],
    }
    with ThreadPoolExecutor(1) as ex:  # one worker: Fast waits until Slow's worker is killed
        future = ex.submit(batch.run, config, out=out, workers=1, progress=False)
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert not future.done(), future.result()
            assert time.monotonic() < deadline, "the slow run did not start"
            time.sleep(0.2)
        time.sleep(0.2)
        kernel_pid, worker_pid = map(int, marker.read_text().split())
        os.kill(worker_pid, signal.SIGKILL)  # like the out-of-memory killer
        table = future.result(timeout=120)
    assert list(table["status"]) == ["failed", "ok"]
    assert "worker process died" in table["error"].iloc[0]
    assert not (out / "slow").exists() and not (out / ".socialroi-tmp").exists()
    assert json.loads((out / "fast" / "01_ok" / "status.json").read_text())["status"] == "ok"
    deadline = time.monotonic() + 15
    while _pid_alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _pid_alive(kernel_pid)


def test_dask_executor_gives_the_same_outputs(batch_one, tmp_path):
    distributed = pytest.importorskip("distributed")
    root = batch_one["root"]
    config = {
        "notebooks_dir": str(root / "nbs"),
        "defaults": {"parameters": {"threshold": 2}},
        "clients": [{"name": "Good Co", "data_dir": str(root / "data" / "good"),
                     "notebooks": ["01_ok"], "parameters": {"label": "=cmd|' /C calc'!A0"}}],
    }
    # (the workers declare the notebook_kernel resource each run holds: tasks run under it)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None, resources={"notebook_kernel": 1}) as cluster:
        table = batch.run(config, out=tmp_path / "out", scheduler=cluster.scheduler_address,
                          progress=False)
    assert list(table["status"]) == ["ok"]
    here, there = tmp_path / "out" / "good-co" / "01_ok", batch_one["out"] / "good-co" / "01_ok"
    assert _files(here) - {"kernel.log"} == _files(there) - {"kernel.log"}
    assert (here / "results.json").read_text() == (there / "results.json").read_text()
    assert json.loads((here / "status.json").read_text())["key"] == \
        json.loads((there / "status.json").read_text())["key"]
    assert "".join(_parse((here / "01_ok.html").read_text()).text).count(XSS) == 2


# ----------------------------------------------------------------------------------------------
# Config and parameter validation (no kernel)
# ----------------------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    _make_project(tmp_path)
    return tmp_path


def _write_config(project: Path, text: str) -> Path:
    path = project / "clients.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_paths_are_relative_to_the_config_file(project, tmp_path_factory, monkeypatch):
    path = _write_config(project, "notebooks_dir: nbs\nclients:\n"
                                  "  - {name: Maison Lumière, data_dir: data/good}\n")
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    (client,) = batch.load_config(path)
    assert client.data_dir == (project / "data" / "good").resolve()
    assert client.slug == "maison-lumiere"
    # default selection: every 0[1-9]_*.ipynb of the notebooks folder
    assert [nb.name for nb in client.notebooks] == ["01_ok.ipynb", "02_fail.ipynb", "03_slow.ipynb"]
    assert client.timeout == 600


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clients:\n  - {name: A, data_dir: data/good, paramters: {}}\n",
         ["client 'A': unknown key 'paramters'", "did you mean 'parameters'?"]),
        ("clients:\n  - {name: A}\n", ["client 'A': missing 'data_dir'"]),
        ("clients:\n  - {data_dir: data/good}\n", ["clients[0]: missing 'name'"]),
        ("clients:\n  - {name: A, data_dir: data/nope}\n", ["data/nope is not a folder"]),
        ("clients:\n  - {name: A, data_dir: data/good, notebooks: 5}\n",
         ["notebooks must be a non-empty list"]),
        ("clients:\n  - {name: A, data_dir: data/good, notebooks: [01_okk]}\n",
         ["notebook '01_okk' not found", "did you mean '01_ok'?"]),
        ("clients:\n  - {name: A, data_dir: data/good, timeout: soon}\n",
         ["timeout must be a positive number"]),
        ("clients:\n  - {name: A, data_dir: data/good, parameters: {output_dir: /etc}}\n",
         ["parameter 'output_dir' is set by the batch"]),
        ("clients:\n  - {name: A b, data_dir: data/good}\n  - {name: a-b, data_dir: data/good}\n",
         ["folder name 'a-b' is also the folder of client 'A b'"]),
        ("defaults: {paramters: {}}\nclients: []\n",
         ["defaults: unknown key 'paramters'", "'clients' must be a non-empty list"]),
        ("- just a list\n", ["expected a mapping with a 'clients' list"]),
    ],
    ids=["unknown-key", "missing-data-dir", "missing-name", "no-folder", "bad-notebooks-type",
         "unknown-notebook", "bad-timeout", "reserved-parameter", "slug-collision",
         "several-problems", "not-a-mapping"],
)
def test_config_errors_are_clear(project, text, expected):
    path = _write_config(project, "notebooks_dir: nbs\n" + text if not text.startswith("-") else text)
    with pytest.raises(ParameterError) as err:
        batch.load_config(path)
    for part in expected:
        assert part in str(err.value)


def test_parameters_are_checked_against_each_notebook_before_running(project):
    base = "notebooks_dir: nbs\nclients:\n  - name: A\n    data_dir: data/good\n"
    # a YAML date is passed as ISO text; an integer is accepted for a float default
    path = _write_config(project, base + "    notebooks: [01_ok, 03_slow]\n"
                                         "    parameters: {label: 2024-01-31, threshold: 3, marker_path: m}\n")
    passed = batch.check_parameters(batch.load_config(path))
    ok, slow = (project / "nbs" / "01_ok.ipynb").resolve(), (project / "nbs" / "03_slow.ipynb").resolve()
    # each notebook gets only the parameters its parameters cell declares
    assert passed[("A", ok)] == {"label": "2024-01-31", "threshold": 3}
    assert passed[("A", slow)] == {"marker_path": "m"}

    path = _write_config(project, base + "    notebooks: [01_ok, 02_fail]\n"
                                         "    parameters: {treshold: 2, label: 3, threshold: \"high\"}\n")
    with pytest.raises(ParameterError) as err:
        batch.check_parameters(batch.load_config(path))
    msg = str(err.value)
    assert "client 'A', notebooks 01_ok, 02_fail: unknown parameter 'treshold'" in msg
    assert "did you mean 'threshold'?" in msg
    assert "client 'A', notebook 01_ok: parameter 'label': expected text (default 'demo'), got integer 3" in msg
    assert "client 'A', notebook 02_fail: parameter 'threshold': expected number" in msg
    # a default is passed only to the notebooks that declare it; one that none declares is an error
    cfg = ("notebooks_dir: nbs\ndefaults: {parameters: {marker_path: m}}\nclients:\n"
           "  - {name: A, data_dir: data/good, notebooks: [01_ok]}\n"
           "  - {name: B, data_dir: data/good, notebooks: [03_slow]}\n")
    passed = batch.check_parameters(batch.load_config(_write_config(project, cfg)))
    assert passed[("A", ok)] == {} and passed[("B", slow)] == {"marker_path": "m"}
    with pytest.raises(ParameterError, match="defaults: unknown parameter 'markerpath'.*clients A, B"):
        batch.check_parameters(batch.load_config(_write_config(project, cfg.replace("marker_path", "markerpath"))))
    path = _write_config(project, base + "    notebooks: [01_ok, 02_fail]\n"
                                         "    parameters: {treshold: 2, label: 3, threshold: \"high\"}\n")
    # run() refuses before anything runs (no output folder content)
    with pytest.raises(ParameterError):
        batch.run(path, out=project / "out", progress=False)
    assert not (project / "out").exists()


def test_cli_returns_2_on_invalid_config_and_check_lists_the_plan(project, capsys):
    path = _write_config(project, "notebooks_dir: nbs\nclients:\n  - {name: A, data_dir: data/good,"
                                  " notebooks: [01_ok], parameters: {nope: 1}}\n")
    assert batch.main([str(path), "--out", str(project / "out")]) == 2
    assert "unknown parameter 'nope'" in capsys.readouterr().err
    path = _write_config(project, "notebooks_dir: nbs\nclients:\n  - {name: A, data_dir: data/good,"
                                  " notebooks: [01_ok]}\n")
    assert batch.main([str(path), "--out", str(project / "out"), "--check"]) == 0
    assert "to run  A / 01_ok" in capsys.readouterr().out
    assert not (project / "out").exists()  # --check writes nothing
    # an output folder inside a client's dataset would change its input hash at every run
    assert batch.main([str(path), "--out", str(project / "data" / "good" / "reports")]) == 2
    assert "is inside the dataset folder of client 'A'" in capsys.readouterr().err


def test_notebook_parameters_are_parsed_not_run(tmp_path):
    nb = _nb([_params_cell('data_dir = "."\noutput_dir = "."\nn: int = 3\nrates = [0.1, 0.2]\n'
                           'when = __import__("os").system("false")\n'),
              nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert batch.notebook_parameters(tmp_path / "a.ipynb") == {
        "data_dir": ".", "output_dir": ".", "n": 3, "rates": [0.1, 0.2], "when": ...}
    nbformat.write(_nb([_params_cell("output_dir = 1\ndata_dir = 2\n")]), tmp_path / "b.ipynb")
    with pytest.raises(ParameterError, match="must start with data_dir and output_dir"):
        batch.notebook_parameters(tmp_path / "b.ipynb")
    nbformat.write(_nb([nbformat.v4.new_code_cell("data_dir = 1")]), tmp_path / "c.ipynb")
    with pytest.raises(ParameterError, match="no code cell tagged 'parameters'"):
        batch.notebook_parameters(tmp_path / "c.ipynb")
    assert batch._type_problem([0.3, "x"], [0.1, 0.2]) is not None
    assert batch._type_problem([1, 0.3], [0.1, 0.2]) is None
    assert batch._type_problem(True, 1) is not None and batch._type_problem(1, True) is not None


def test_kernel_is_the_running_python_even_if_another_python3_spec_exists(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/other/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "other", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/opt/other/bin/python3"
    batch._ensure_kernel()
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == sys.executable


@pytest.mark.parametrize(
    ("name", "slug"),
    [("../../x", "x"), ("..", "client"), ("", "client"), ("Maison Lumière", "maison-lumiere"),
     ("/etc/passwd", "etc-passwd"), ("C:\\Users\\a", "c-users-a"), (".hidden", "hidden"),
     ("Forges de l'Est", "forges-de-l-est")],
)
def test_slugify_gives_safe_folder_names(name, slug):
    assert batch.slugify(name) == slug


# ----------------------------------------------------------------------------------------------
# report.py: results.json, HTML sanitising, index, CSV (no kernel)
# ----------------------------------------------------------------------------------------------

def test_write_results_converts_and_validates(tmp_path):
    path = write_results({"rate": np.float64(0.25), "n": np.int64(7), "missing": float("nan"),
                          "inf": np.inf, "na": pd.NA, "platform": np.str_("instagram"),
                          "since": pd.Timestamp("2025-03-01")}, tmp_path / "o")
    assert path == tmp_path / "o" / "results.json"
    assert json.loads(path.read_text()) == {"rate": 0.25, "n": 7, "missing": None, "inf": None,
                                            "na": None, "platform": "instagram",
                                            "since": "2025-03-01T00:00:00"}
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]  # no temporary file left
    for bad, match in [({"a": [1, 2]}, "is a list"), ({"a": np.bool_(True)}, "boolean"),
                       ({1: 2}, "non-empty strings"), ([("a", 1)], "mapping"),
                       ({"a": pd.Series([1])}, "Series")]:
        with pytest.raises(ParameterError, match=match):
            write_results(bad, tmp_path / "bad")
    assert not (tmp_path / "bad" / "results.json").exists()


def test_notebook_to_html_escapes_and_sanitises_outputs(tmp_path):
    frame = pd.DataFrame({"text": [XSS]})
    out = nbformat.v4.new_output
    nb = _nb([
        nbformat.v4.new_markdown_cell("# Report"),
        _params_cell('data_dir = "."\noutput_dir = "."\nsecret = "PARAM-DEFAULT"\n'),
        nbformat.v4.new_code_cell("x", metadata={"tags": ["injected-parameters"]},
                                  outputs=[out("stream", name="stdout", text="PARAM-OUTPUT\n")]),
        nbformat.v4.new_code_cell("print(t)", outputs=[
            out("stream", name="stdout", text=XSS + "\n"),
            out("stream", name="stderr", text="FutureWarning: noise\n"),
        ]),
        nbformat.v4.new_code_cell("frame", execution_count=3, outputs=[out(
            "execute_result", execution_count=3,
            data={"text/html": frame._repr_html_(), "text/plain": repr(frame)})]),
        nbformat.v4.new_code_cell("display(HTML(t))", outputs=[
            out("display_data", data={
                "text/html": "<script>alert(2)</script><b>kept</b><img src=x onerror=alert(3)>"
                             "<a href='javascript:alert(6)'>link</a>",
                "text/plain": "<IPython.core.display.HTML object>"}),
            out("display_data", data={"text/markdown": "**md** text\n\n<script>alert(4)</script>",
                                      "text/plain": "md"}),
            out("display_data", data={"application/javascript": "alert(5)", "text/plain": "js"}),
        ]),
    ])
    nbformat.write(nb, tmp_path / "r.ipynb")
    html_path = notebook_to_html(tmp_path / "r.ipynb", tmp_path / "r.html", title=f"Client {XSS}")
    page = html_path.read_text(encoding="utf-8")
    parsed = _parse(page)
    visible = "".join(parsed.text)
    for n in range(2, 7):
        assert f"alert({n})" not in "".join(parsed.scripts)
    assert "alert(5)" not in page  # application/javascript output: dropped
    # title, stdout stream, DataFrame cell, raw HTML output and Markdown output: all shown as text
    assert visible.count(XSS) == 3
    assert "<script>alert(2)</script>" in visible and "<script>alert(4)</script>" in visible
    assert "kept" in visible and ("b", []) in parsed.tags and ("strong", []) in parsed.tags
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k, _ in attrs)
    assert not any("javascript:" in (v or "") for _, attrs in parsed.tags for _, v in attrs)
    assert "PARAM-OUTPUT" not in page and "PARAM-DEFAULT" not in page and "print(t)" not in page
    assert "FutureWarning" not in page
    assert "Report" in visible and "md" in visible


def test_write_index_escapes_everything_from_data(tmp_path):
    (tmp_path / "c").mkdir()
    write_results({"notebook": "01_ok", "period_start": "2024-01-01", "period_end": "2024-12-31",
                   f"kpi {XSS}": "<img src=x onerror=alert(1)>", "rate": 0.0412345,
                   "rate_ci_low": 0.0301, "rate_ci_high": 0.05}, tmp_path / "c")
    runs = [
        {"client": XSS, "notebook": "01_ok", "status": "ok", "report": str(tmp_path / "c" / "r.html"),
         "results": str(tmp_path / "c" / "results.json"), "executed": None, "error": None, "cell": None},
        {"client": "B&B <i>", "notebook": "02", "status": "failed", "cell": 4,
         "error": "ValueError: <b>bad</b>", "report": None, "results": None, "executed": None},
    ]
    page = write_index(runs, tmp_path / "index.html", locale="fr").read_text(encoding="utf-8")
    parsed = _parse(page)
    visible = " ".join(parsed.text)
    assert XSS in visible and "B&B <i>" in visible and "<img src=x onerror=alert(1)>" in visible
    assert "cellule 4 : ValueError: <b>bad</b>" in visible and "échec" in visible
    # a KPI socialroi does not know keeps its name, its number in the run's language (issue 14: it was
    # written "0.04123 [0.0301, 0.05]" whatever the language, in a French index)
    assert "rate : 0,0412 [0,0301 ; 0,0500]" in "".join(parsed.text) and "rate_ci_low" not in visible
    assert "1 janv. 2024 → 31 déc. 2024" in visible and "notebook:" not in visible
    assert not parsed.scripts
    assert {t for t, _ in parsed.tags} <= {"html", "head", "meta", "title", "style", "body", "h1", "p",
                                           "table", "thead", "tbody", "tr", "th", "td", "span", "div",
                                           "ul", "li", "b", "a"}
    assert [dict(a)["href"] for t, a in parsed.tags if t == "a"] == ["c/r.html"]
    en = "".join(_parse(write_index(runs, tmp_path / "index.html", locale="en").read_text(encoding="utf-8")).text)
    assert "rate: 0.0412 [0.0301, 0.0500]" in en and "Jan 1, 2024 → Dec 31, 2024" in en and "cell 4: ValueError" in en


def test_index_writes_each_run_in_its_own_language(tmp_path):
    # a French run in an English index keeps French numbers; the page's own words follow the index's locale
    for name, loc in (("fr", "fr"), ("en", "en")):
        write_results({"locale": loc, "engagement_rate": 0.0707, "engagement_rate_ci_low": 0.0672,
                       "engagement_rate_ci_high": 0.0751, "engagement_rate_ci_n": 1137,
                       "engagement_rate_ci_unit": "posts", "other": 1234.5}, tmp_path / name)
    runs = [{"client": name, "notebook": "01", "status": "ok", "results": str(tmp_path / name / "results.json")}
            for name in ("fr", "en")]
    page = write_index(runs, tmp_path / "index.html", locale="en").read_text(encoding="utf-8")
    rows = ["".join(_parse(r).text) for r in page.split("<tr>")[2:]]
    assert "Taux d'engagement : 7,07\u00a0% [6,72 ; 7,51] sur 1\u202f137 publications" in rows[0]
    assert "other : 1\u202f234" in rows[0]
    assert "Engagement rate: 7.07% [6.72, 7.51] across 1,137 posts" in rows[1] and "other: 1,234" in rows[1]
    assert "Headline KPIs" in page and "2 runs (2 ok)" in page


def test_summary_csv_neutralises_formulas(tmp_path):
    assert neutralise_csv_cell("=1+1") == "'=1+1"
    for text in ["+33 6 12", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1"]:
        assert neutralise_csv_cell(text) == "'" + text
    assert neutralise_csv_cell("a=1") == "a=1" and neutralise_csv_cell(-0.5) == -0.5
    (tmp_path / "r").mkdir()
    write_results({"=HYPERLINK(\"http://x\")": "-1+1", "roi": -0.5, "roi_ci_low": -0.9,
                   "roi_ci_high": -0.1, "gap": None, "gap_ci_low": 1}, tmp_path / "r")
    runs = pd.DataFrame([
        {"client": "@evil", "notebook": "05_roi", "status": "ok",
         "results": str(tmp_path / "r" / "results.json")},
        {"client": "failed one", "notebook": "05_roi", "status": "failed", "results": None},
    ])
    path = write_summary_csv(runs, tmp_path / "summary.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the accents
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["client", "notebook", "kpi", "value", "ci_low", "ci_high"],
                    ["'@evil", "05_roi", "'=HYPERLINK(\"http://x\")", "'-1+1", "", ""],
                    # a negative number stays a number; its interval joins it on the same row
                    ["'@evil", "05_roi", "roi", "-0.5", "-0.9", "-0.1"],
                    ["'@evil", "05_roi", "gap", "", "1", ""]]


def test_parallel_runs_share_the_cores_between_kernels(monkeypatch):
    """With N workers each kernel gets cpu_count // N BLAS/OpenMP threads; a user's value is kept."""
    import socialroi.batch as b

    monkeypatch.setattr(b.os, "cpu_count", lambda: 8)
    assert b._threads_per_run(1) is None
    assert b._threads_per_run(2) == 4
    assert b._threads_per_run(16) == 1
    monkeypatch.setattr(b.signal, "signal", lambda *a: None)  # leave the test process's Ctrl-C alone
    monkeypatch.setattr(b, "_IN_POOL_WORKER", False)
    for var in b._THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    b._worker_init(4)
    assert b.os.environ["OMP_NUM_THREADS"] == "4" and b.os.environ["OPENBLAS_NUM_THREADS"] == "4"
    assert b.os.environ["MKL_NUM_THREADS"] == "3"


# ----------------------------------------------------------------------------------------------
# issue 17: Dask retries, kernel resources, no private attributes of the process pool
# ----------------------------------------------------------------------------------------------

def _one_task(project: Path, out: Path) -> dict:
    config = {"notebooks_dir": str(project / "nbs"),
              "clients": [{"name": "Good Co", "data_dir": str(project / "data" / "good"), "notebooks": ["01_ok"]}]}
    clients = batch.load_config(config)
    (task,) = batch._plan(clients, batch.check_parameters(clients), out.resolve(), force=True)
    return task


def test_a_retried_run_starts_afresh_over_the_folder_of_the_cut_attempt(project, tmp_path):
    # a Dask worker died mid-run: the scheduler runs the task again, and its temporary folder exists
    task = _one_task(project, tmp_path / "out")
    tmp = Path(task["tmp_dir"])
    tmp.mkdir(parents=True)
    (tmp / "01_ok.ipynb").write_text("half-written", encoding="utf-8")
    Path(str(tmp) + ".old").mkdir()  # and the aside folder of a rename cut in the middle
    (Path(str(tmp) + ".old") / "x").write_text("old", encoding="utf-8")
    rec = batch._execute_one(task)
    assert rec["status"] == "ok", rec["error"]
    final = Path(task["final_dir"])
    assert json.loads((final / "results.json").read_text())["posts"] == 2
    assert not tmp.exists() and not Path(str(tmp) + ".old").exists()
    # a second attempt of an ok task replaces it the same way
    tmp.mkdir(parents=True)
    assert batch._execute_one(task)["status"] == "ok"


class _FakeFuture:
    def __init__(self, task):
        self.task = task

    def result(self):
        return {"client": self.task["client"], "folder": self.task["folder"], "notebook": self.task["notebook"],
                "status": "ok", "seconds": 0.0, "cell": None, "error": None, "key": self.task["key"]}


def _fake_dask(monkeypatch, *, declared: dict):
    distributed = pytest.importorskip("distributed")
    seen = {"submit": [], "cluster": []}

    class FakeClient:
        def __init__(self, address):
            self.address = address

        def scheduler_info(self):
            return {"workers": {"tcp://w1": {"resources": declared}}}

        def submit(self, fn, task, **kw):
            seen["submit"].append(kw)
            return _FakeFuture(task)

        def cancel(self, *a, **k):  # pragma: no cover - not interrupted here
            pass

        def close(self):
            pass

    class FakeCluster:
        def __init__(self, **kw):
            seen["cluster"].append(kw)

        def close(self):
            pass

    monkeypatch.setattr(distributed, "Client", FakeClient)
    monkeypatch.setattr(distributed, "LocalCluster", FakeCluster)
    monkeypatch.setattr(distributed, "as_completed", lambda futures: iter(futures))
    return seen


def test_dask_runs_declare_one_notebook_kernel_each(monkeypatch, project, tmp_path):
    # point 13: a cluster can limit the kernels of each worker with --resources notebook_kernel=N
    task = _one_task(project, tmp_path / "out")
    seen = _fake_dask(monkeypatch, declared={"notebook_kernel": 2})
    recs = list(batch._run_dask([task], 2, "tcp://scheduler:8786"))
    assert [r["status"] for _, r in recs] == ["ok"]
    assert seen["submit"][0]["resources"] == {"notebook_kernel": 1}
    # the local cluster the batch starts declares the resource on each of its workers
    seen = _fake_dask(monkeypatch, declared={"notebook_kernel": 1})
    list(batch._run_dask([task], 2, None))
    assert seen["cluster"][0]["resources"] == {"notebook_kernel": 1} and seen["cluster"][0]["n_workers"] == 2
    assert seen["submit"][0]["resources"] == {"notebook_kernel": 1}
    # workers that do not declare it would never run such tasks: submitted plainly, with a warning
    seen = _fake_dask(monkeypatch, declared={})
    with pytest.warns(UserWarning, match="--resources notebook_kernel"):
        list(batch._run_dask([task], 2, "tcp://scheduler:8786"))
    assert "resources" not in seen["submit"][0]


def test_the_runner_reads_no_private_attribute_of_the_process_pool():
    # point 13: the workers are stopped by the pids they report (a queue), not through pool._processes
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(batch))
    private = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "_processes"]
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == "_processes"]
    assert private == [] and strings == []


def test_reports_come_from_autoescaped_templates():
    # issue 14: HTML from Jinja2 templates with autoescaping, not from strings assembled in Python
    import jinja2

    from socialroi import report

    env = report._environment()
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    assert {"index.html", "report_style.html"} <= set(env.list_templates())
    assert "<style>" in report.render_template("report_style.html")
    with pytest.raises(jinja2.UndefinedError):
        report.render_template("index.html")  # every value must be given
