"""Batch runs: every analysis notebook for every client, in parallel, with client reports.

``socialroi batch [CONFIG] --out DIR --workers N`` (or :func:`run` from Python) executes each
(client, notebook) pair with papermill in a separate process, isolates failures, and writes::

    DIR/
      index.html                 clients × notebooks: status, headline KPIs, links
      summary.csv                one row per client, notebook and KPI (formula-safe)
      manifest.json              the run table of the last batch, with the input hashes
      <client-slug>/<notebook>/  one folder per run, moved into place only when complete:
          <notebook>.ipynb       the executed notebook (kept for failed runs too)
          <notebook>.html        the client report: no code, no parameters cell (ok runs)
          results.json           headline KPIs written by the notebook
          figures/               figures of the notebook (PNG outputs, and what it saved itself)
          status.json            per-run manifest, written last: status, hashes, timing, error

Resumability: a run is skipped when its folder holds an ``ok`` ``status.json`` whose key (hash of
the dataset folder's files, the parameters given to that notebook, the notebook file, the client
name and the socialroi version) equals the current one, unless ``force=True``. Failed runs are
always run again.

The clients config (YAML, safe-loaded; relative paths are relative to the config file)::

    notebooks_dir: notebooks          # optional (default: the repository's notebooks/ folder)
    defaults:
      parameters: {locale: fr}        # given to every notebook that declares them
      notebooks: [01_engagement]      # optional default selection
      timeout: 600                    # optional per-cell timeout in seconds
    clients:
      - name: Maison Lumière          # shown on reports; made into a safe folder name
        data_dir: clients/maison-lumiere
        notebooks: [01_engagement, 05_roi]   # optional: default all
        parameters: {start: "2024-01-01"}    # optional overrides
        timeout: 900                         # optional

A parameter is given to each selected notebook whose ``parameters`` cell declares it; a name that
none of a client's notebooks declares, or a value whose type does not match a notebook's default,
is an error reported before anything runs. ``data_dir`` and ``output_dir`` are set by the batch.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as _dt
import difflib
import hashlib
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import formatting as fmt
from ._version import __version__
from .errors import DataError, ParameterError

__all__ = [
    "Client",
    "load_config",
    "notebook_parameters",
    "check_parameters",
    "default_notebooks_dir",
    "slugify",
    "run",
    "main",
]

#: The papermill kernel every run uses (the Python running socialroi, see ``_ensure_kernel``).
KERNEL_NAME = "python3"
#: The Dask resource each run holds (one notebook kernel): see ``_dask_submit_options``.
KERNEL_RESOURCE = "notebook_kernel"
DEFAULT_TIMEOUT = 600.0
DEFAULT_OUT = "reports"
_TMP = ".socialroi-tmp"
_LOCK = ".socialroi-batch.lock"
_STATUS = "status.json"
_RUN_COLUMNS = [
    "client", "folder", "notebook", "status", "seconds", "cell", "error",
    "report", "executed", "results", "key",
]
_TOP_KEYS = {"defaults", "clients", "notebooks_dir"}
_DEFAULT_KEYS = {"parameters", "notebooks", "timeout"}
_CLIENT_KEYS = {"name", "data_dir", "notebooks", "parameters", "timeout"}
_RESERVED_PARAMETERS = ("data_dir", "output_dir")
_NONLITERAL = object()


# ----------------------------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Client:
    """One client of a batch (a validated entry of the clients config)."""

    name: str
    slug: str
    data_dir: Path
    notebooks: tuple[Path, ...]
    parameters: dict[str, Any] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    #: names set in the client's own ``parameters`` (the others come from ``defaults``)
    overrides: frozenset[str] = frozenset()


def slugify(name: str, *, max_length: int = 60) -> str:
    """A safe folder name for a client or notebook name.

    Accents are folded to ASCII, anything that is not a letter or digit becomes ``-``, the result
    is lower case, has no leading dot or dash and no path separator, so ``"../../x"`` → ``"x"``
    and ``"Maison Lumière"`` → ``"maison-lumiere"``. An empty result becomes ``"client"``.

    >>> slugify("Maison Lumière"), slugify("../../x"), slugify("Forges de l'Est / B2B")
    ('maison-lumiere', 'x', 'forges-de-l-est-b2b')
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")[:max_length].strip("-_")
    return text or "client"


def default_notebooks_dir() -> Path | None:
    """Where the analysis notebooks are when no ``--notebooks`` / ``notebooks_dir`` is given.

    In order: ``$SOCIALROI_NOTEBOOKS``; the ``notebooks/`` folder beside the package (a source
    checkout or editable install); a ``notebooks`` folder shipped inside the package. ``None``
    when none exists (pass ``notebooks=`` / ``--notebooks DIR``).
    """
    env = os.environ.get("SOCIALROI_NOTEBOOKS")
    candidates = [Path(env)] if env else []
    pkg = Path(__file__).resolve().parent  # the package folder (this module sits in it)
    candidates += [pkg.parent / "notebooks", pkg / "notebooks"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


#: The client report's notebook (issue 15): run for every client, first.
_CLIENT_REPORT = "00_client_report"


def _all_notebooks(nb_dir: Path) -> list[Path]:
    """Every notebook a client gets: ``00_client_report.ipynb`` (the synthesis: report.html, .pdf, .pptx)
    and the analysis notebooks ``0[1-9]_*.ipynb`` (not the ``00_`` tutorial)."""
    report = [p for p in nb_dir.glob(f"{_CLIENT_REPORT}.ipynb") if p.is_file()]
    return report + sorted(p for p in nb_dir.glob("0[1-9]_*.ipynb") if p.is_file())


def _resolve_notebook(entry: Any, nb_dir: Path | None, base: Path, where: str) -> Path:
    if not isinstance(entry, str) or not entry.strip():
        raise ParameterError(f"{where}: a notebook is named by a text, got {entry!r}")
    names = [entry] if entry.endswith(".ipynb") else [entry + ".ipynb", entry]
    candidates = []
    for n in names:
        if nb_dir is not None:
            candidates.append(nb_dir / n)
        if "/" in entry or "\\" in entry:
            candidates.append(base / n)
    for c in candidates:
        if c.is_file() and c.suffix == ".ipynb":
            return c.resolve()
    known = [p.stem for p in _all_notebooks(nb_dir)] if nb_dir is not None else []
    hint = difflib.get_close_matches(entry.removesuffix(".ipynb"), known, n=1)
    more = f"; did you mean {hint[0]!r}?" if hint else ""
    where_nb = f" in {nb_dir}" if nb_dir is not None else ""
    raise ParameterError(f"{where}: notebook {entry!r} not found{where_nb} (available: {known}){more}")


def _plain(value: Any, where: str) -> Any:
    """Parameters as Python literals: YAML dates become ISO text, paths text; others refused."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v, where) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item(), where)
    raise ParameterError(f"{where}: {type(value).__name__} value {value!r:.60} is not a literal "
                         "(number, text, true/false, null, list or mapping)")


def _unknown_keys(d: Mapping[str, Any], allowed: set[str], where: str) -> list[str]:
    out = []
    for k in d:
        if k not in allowed:
            hint = difflib.get_close_matches(str(k), sorted(allowed), n=1)
            more = f"; did you mean {hint[0]!r}?" if hint else ""
            out.append(f"{where}: unknown key {k!r} (allowed: {', '.join(sorted(allowed))}){more}")
    return out


def _timeout(value: Any, where: str, problems: list[str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        problems.append(f"{where}: timeout must be a positive number of seconds, got {value!r}")
        return None
    return float(value)


def load_config(
    config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    notebooks: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> list[Client]:
    """Read and validate a clients config.

    Parameters
    ----------
    config : path, mapping or None
        A YAML file (loaded with ``yaml.safe_load``; relative paths are relative to it), a mapping
        of the same shape (relative paths are relative to the current folder), or ``None`` for the
        bundled samples (``socialroi.list_samples()``) × every analysis notebook.
    notebooks : path, optional
        Folder of the notebooks (overrides the config's ``notebooks_dir``); default
        :func:`default_notebooks_dir`.
    timeout : float, optional
        Per-cell timeout in seconds for every client (overrides the config); default 600.

    Returns
    -------
    list of Client
        In config order, each with resolved absolute paths and its merged parameters.

    Raises
    ------
    ParameterError
        Listing every problem found: unknown keys (with the closest allowed key), missing
        ``name``/``data_dir``, wrong types, missing folders or notebooks, duplicate names or
        folder names, reserved parameters (``data_dir``/``output_dir``).
    """
    source = "config"
    if config is None:
        data = _default_config()
        base = Path.cwd()
    elif isinstance(config, Mapping):
        data, base = dict(config), Path.cwd()
    else:
        import yaml

        path = Path(config)
        source = str(path)
        if not path.is_file():
            raise ParameterError(f"clients config {path} not found")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ParameterError(f"{path}: not valid YAML: {exc}") from exc
        base = path.resolve().parent
        if not isinstance(data, Mapping):
            raise ParameterError(f"{path}: expected a mapping with a 'clients' list, "
                                 f"got {type(data).__name__}")
    problems = _unknown_keys(data, _TOP_KEYS, source)

    # notebooks folder
    nb_dir: Path | None
    if notebooks is not None:
        nb_dir = Path(notebooks).resolve()
    elif data.get("notebooks_dir") is not None:
        raw = data["notebooks_dir"]
        nb_dir = (base / str(raw)).resolve() if isinstance(raw, (str, os.PathLike)) else None
        if nb_dir is None:
            problems.append(f"{source}: notebooks_dir must be a folder path, got {raw!r}")
    else:
        nb_dir = default_notebooks_dir()
    if nb_dir is not None and not nb_dir.is_dir():
        problems.append(f"{source}: notebooks folder {nb_dir} does not exist")
        nb_dir = None

    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        problems.append(f"{source}: defaults must be a mapping, got {type(defaults).__name__}")
        defaults = {}
    problems += _unknown_keys(defaults, _DEFAULT_KEYS, f"{source}: defaults")
    default_params = defaults.get("parameters") or {}
    if not isinstance(default_params, Mapping):
        problems.append(f"{source}: defaults.parameters must be a mapping name: value")
        default_params = {}
    default_timeout = _timeout(defaults.get("timeout"), f"{source}: defaults", problems)

    clients_raw = data.get("clients")
    if not isinstance(clients_raw, list) or not clients_raw:
        problems.append(f"{source}: 'clients' must be a non-empty list of clients "
                        "(each with name and data_dir)")
        clients_raw = []

    def notebook_list(value: Any, where: str) -> tuple[Path, ...] | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            problems.append(f"{where}: notebooks must be a non-empty list of notebook names")
            return ()
        found = []
        for entry in value:
            try:
                found.append(_resolve_notebook(entry, nb_dir, base, where))
            except ParameterError as exc:
                problems.append(str(exc))
        found = list(dict.fromkeys(found))
        stems: dict[str, Path] = {}
        for nb in found:
            if slugify(nb.stem) in stems:
                problems.append(f"{where}: notebooks {stems[slugify(nb.stem)]} and {nb} would share "
                                f"the output folder {slugify(nb.stem)!r}; rename one")
            stems.setdefault(slugify(nb.stem), nb)
        return tuple(found)

    default_nbs = notebook_list(defaults.get("notebooks"), f"{source}: defaults")
    clients: list[Client] = []
    names: dict[str, int] = {}
    slugs: dict[str, str] = {}
    for i, raw in enumerate(clients_raw):
        where = f"{source}: clients[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: expected a mapping with name and data_dir, got {raw!r:.60}")
            continue
        name = raw.get("name")
        if isinstance(name, str) and name.strip():
            where = f"{source}: client {name!r}"
        problems += _unknown_keys(raw, _CLIENT_KEYS, where)
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: missing 'name' (a text shown on the reports)")
            name = None
        elif name in names:
            problems.append(f"{where}: duplicate client name (also clients[{names[name]}])")
        else:
            names[name] = i
        data_dir = raw.get("data_dir")
        if data_dir is None:
            problems.append(f"{where}: missing 'data_dir' (the client's dataset folder)")
        elif not isinstance(data_dir, (str, os.PathLike)):
            problems.append(f"{where}: data_dir must be a folder path, got {data_dir!r}")
            data_dir = None
        else:
            data_dir = (base / os.fspath(data_dir)).resolve()
            if not data_dir.is_dir():
                problems.append(f"{where}: data_dir {data_dir} is not a folder")
        params_raw = raw.get("parameters") or {}
        if not isinstance(params_raw, Mapping):
            problems.append(f"{where}: parameters must be a mapping name: value")
            params_raw = {}
        params: dict[str, Any] = {}
        for k, v in {**default_params, **params_raw}.items():
            if k in _RESERVED_PARAMETERS:
                problems.append(f"{where}: parameter {k!r} is set by the batch for each run "
                                "(use the client's data_dir and the --out folder)")
                continue
            if not isinstance(k, str) or not k.isidentifier():
                problems.append(f"{where}: parameter name {k!r} is not a valid Python name")
                continue
            try:
                params[k] = _plain(v, f"{where}: parameter {k!r}")
            except ParameterError as exc:
                problems.append(str(exc))
        nbs = notebook_list(raw.get("notebooks"), where)
        if nbs is None:
            nbs = default_nbs
        if nbs is None:
            nbs = tuple(_all_notebooks(nb_dir)) if nb_dir is not None else ()
            if not nbs:
                problems.append(f"{where}: no notebooks to run (no 0[1-9]_*.ipynb in "
                                f"{nb_dir or 'a notebooks folder'}; pass --notebooks DIR)")
        t = _timeout(raw.get("timeout"), where, problems)
        t = timeout if timeout is not None else (t or default_timeout or DEFAULT_TIMEOUT)
        if name is None or data_dir is None:
            continue
        slug = slugify(name)
        if slug in slugs and slugs[slug] != name:
            problems.append(f"{where}: folder name {slug!r} is also the folder of client "
                            f"{slugs[slug]!r}; rename one of them")
        slugs.setdefault(slug, name)
        clients.append(Client(name=name, slug=slug, data_dir=Path(data_dir), notebooks=nbs,
                              parameters=params, timeout=float(t),
                              overrides=frozenset(str(k) for k in params_raw)))
    if problems:
        raise ParameterError(_problem_text("invalid clients config", problems))
    return clients


def _problem_text(head: str, problems: Sequence[str]) -> str:
    if len(problems) == 1:
        return f"{head}: {problems[0]}"
    return f"{head}: {len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems)


def _default_config() -> dict[str, Any]:
    """The bundled samples as clients (names from their dataset.yml)."""
    from .io import list_samples, read_meta, sample_path

    clients = []
    for sample in list_samples():
        folder = sample_path(sample)
        try:
            name = read_meta(folder / "dataset.yml").get("name") or sample
        except (DataError, OSError):
            name = sample
        clients.append({"name": str(name), "data_dir": str(folder)})
    if not clients:
        raise ParameterError("no bundled samples found; pass a clients config")
    return {"clients": clients}


# ----------------------------------------------------------------------------------------------
# Notebook parameters
# ----------------------------------------------------------------------------------------------

def notebook_parameters(nb_path: str | os.PathLike[str]) -> dict[str, Any]:
    """The names and default values of a notebook's ``parameters`` cell, in order.

    The cell (the first code cell tagged ``parameters``) is parsed with :mod:`ast`, never run:
    each top-level ``name = literal`` gives ``name → value``; a value that is not a literal is
    reported as ``...`` (Ellipsis: any type accepted).

    Raises
    ------
    ParameterError
        When the notebook has no ``parameters`` cell, the cell is not valid Python, or its first
        two names are not ``data_dir`` and ``output_dir``.
    """
    import nbformat

    path = Path(nb_path)
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if not cells:
        raise ParameterError(f"notebook {path.name}: no code cell tagged 'parameters'")
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as exc:
        raise ParameterError(f"notebook {path.name}: the parameters cell is not valid Python "
                             f"(line {exc.lineno}: {exc.msg})") from exc
    params: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Name):
                try:
                    params[t.id] = ast.literal_eval(value)
                except (ValueError, SyntaxError, TypeError):
                    params[t.id] = ...
    first = list(params)[:2]
    if first != list(_RESERVED_PARAMETERS):
        raise ParameterError(f"notebook {path.name}: the parameters cell must start with data_dir "
                             f"and output_dir, found {first}")
    return params


def _type_name(v: Any) -> str:
    return {bool: "true/false", int: "integer", float: "number", str: "text", list: "list",
            tuple: "list", dict: "mapping", type(None): "null"}.get(type(v), type(v).__name__)


def _type_problem(value: Any, default: Any) -> str | None:
    """Why ``value`` cannot replace ``default`` (None when it can)."""
    if default is None or default is ... or value is None:
        return None  # optional parameter, or explicitly set to None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, str):
        ok = isinstance(value, str)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, (list, tuple))
        if ok and default:
            kinds = {type(d) for d in default}
            if len(kinds) == 1:
                proto = default[0]
                for item in value:
                    if _type_problem(item, proto):
                        return (f"expected a list of {_type_name(proto)} like {list(default)!r}, "
                                f"got item {item!r}")
    elif isinstance(default, dict):
        ok = isinstance(value, dict)
    else:
        ok = True
    if ok:
        return None
    return f"expected {_type_name(default)} (default {default!r}), got {_type_name(value)} {value!r:.60}"


def check_parameters(clients: Sequence[Client]) -> dict[tuple[str, Path], dict[str, Any]]:
    """Match each client's parameters to each of its notebooks' ``parameters`` cell.

    Returns the parameters given to each (client name, notebook path) pair: those of the client
    that the notebook declares. Raises ``ParameterError`` listing every problem (each naming the
    client, the notebook and the parameter): a client parameter that none of the client's
    notebooks declares, a ``defaults`` parameter that no notebook of the batch declares, or a value
    whose type differs from a notebook's default (an integer is accepted for a number, ``null``
    for anything; a default of ``None`` accepts any type).
    """
    cache: dict[Path, dict[str, Any]] = {}
    problems: list[str] = []
    passed: dict[tuple[str, Path], dict[str, Any]] = {}
    defaults_unused: dict[str, list[str]] = {}
    for c in clients:
        declared: dict[Path, dict[str, Any]] = {}
        for nb in c.notebooks:
            if nb not in cache:
                try:
                    cache[nb] = notebook_parameters(nb)
                except ParameterError as exc:
                    problems.append(f"client {c.name!r}: {exc}")
                    cache[nb] = {}
            declared[nb] = cache[nb]
        for name, value in c.parameters.items():
            takers = [nb for nb in c.notebooks if name in declared[nb]]
            if not takers and name not in c.overrides:
                # a default meant for other notebooks of the batch is simply not passed here
                defaults_unused.setdefault(name, []).append(c.name)
                continue
            if not takers:
                known = sorted({k for d in declared.values() for k in d} - set(_RESERVED_PARAMETERS))
                hint = difflib.get_close_matches(name, known, n=1)
                more = f"; did you mean {hint[0]!r}?" if hint else ""
                nbs = ", ".join(nb.stem for nb in c.notebooks)
                problems.append(f"client {c.name!r}, notebooks {nbs}: unknown parameter {name!r} "
                                f"(declared: {', '.join(known) or 'none'}){more}")
                continue
            for nb in takers:
                why = _type_problem(value, declared[nb][name])
                if why:
                    problems.append(f"client {c.name!r}, notebook {nb.stem}: parameter {name!r}: {why}")
        for nb in c.notebooks:
            passed[(c.name, nb)] = {k: v for k, v in c.parameters.items() if k in declared[nb]}
    everywhere = {k for d in cache.values() for k in d}
    for name, who in defaults_unused.items():
        if name not in everywhere:
            hint = difflib.get_close_matches(name, sorted(everywhere - set(_RESERVED_PARAMETERS)), n=1)
            more = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(f"defaults: unknown parameter {name!r}: no notebook of the batch "
                            f"declares it (clients {', '.join(who)}){more}")
    if problems:
        raise ParameterError(_problem_text("parameters do not match the notebooks", problems))
    return passed


# ----------------------------------------------------------------------------------------------
# Planning: hashes and skip decisions
# ----------------------------------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hash_folder(folder: Path) -> str:
    """Hash of every file under ``folder`` (relative path and content; hidden files ignored)."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or not p.is_file():
            continue
        h.update(rel.as_posix().encode() + b"\0" + _sha256_file(p).encode() + b"\n")
    return h.hexdigest()


def _hash_json(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _read_status(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / _STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _plan(clients: Sequence[Client], passed: Mapping[tuple[str, Path], dict[str, Any]],
          out: Path, *, force: bool) -> list[dict[str, Any]]:
    tasks = []
    nb_hashes: dict[Path, str] = {}
    for c in clients:
        inputs = _hash_folder(c.data_dir)
        for nb in c.notebooks:
            if nb not in nb_hashes:
                nb_hashes[nb] = _sha256_file(nb)
            params = passed[(c.name, nb)]
            if nb.stem == _CLIENT_REPORT and "details" not in params:
                # the client report links the detailed reports this client gets (sibling folders)
                params = {**params, "details": [n.stem for n in c.notebooks if n.stem != _CLIENT_REPORT]}
            hashes = {"inputs": inputs, "parameters": _hash_json(params), "notebook": nb_hashes[nb]}
            key = _hash_json({**hashes, "client": c.name, "name": nb.stem, "socialroi": __version__})
            final = out / c.slug / slugify(nb.stem)
            if final.resolve().parent.parent != out.resolve():  # belt and braces: never outside out
                raise ParameterError(f"client {c.name!r}: folder {final} would be outside {out}")
            done = _read_status(final)
            skip = (not force and done.get("status") == "ok" and done.get("key") == key
                    and all((final / f).is_file() for f in (f"{nb.stem}.ipynb", f"{nb.stem}.html")))
            tasks.append({
                "client": c.name, "folder": c.slug, "notebook": nb.stem, "notebook_path": str(nb),
                "data_dir": str(c.data_dir), "parameters": params, "timeout": c.timeout,
                "hashes": hashes, "key": key, "final_dir": str(final),
                "tmp_dir": str(out / _TMP / f"{c.slug}__{slugify(nb.stem)}__{uuid.uuid4().hex[:8]}"),
                "skip": skip, "previous": done if skip else None,
                "last_seconds": done.get("seconds") if isinstance(done.get("seconds"), (int, float)) else None,
            })
    return tasks


# ----------------------------------------------------------------------------------------------
# One run (in a worker process)
# ----------------------------------------------------------------------------------------------

def _ensure_kernel() -> None:
    """Make the ``python3`` kernel the Python running this process.

    jupyter_client runs a kernel spec whose command is ``python``/``python3`` with
    ``sys.executable``; ipykernel's built-in spec does the same. When another ``python3`` spec is
    registered (a user-level spec pointing to another interpreter), a private spec for
    ``sys.executable`` is written to a temporary folder put first on ``JUPYTER_PATH`` (in this
    process only), so notebooks always run with the socialroi installation that launched them.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        cmd = spec.argv[0] if spec.argv else ""
        generic = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
        if cmd in generic or os.path.abspath(cmd) == os.path.abspath(sys.executable):
            return
    except NoSuchKernel:
        pass
    tag = hashlib.sha256(sys.executable.encode()).hexdigest()[:12]
    root = Path(tempfile.gettempdir()) / f"socialroi-kernels-{tag}"
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (socialroi)", "language": "python",
    }))
    paths = os.environ.get("JUPYTER_PATH", "")
    if str(root) not in paths.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(root)] + ([paths] if paths else []))


def _kernel_config() -> Any:
    """Kernel manager settings: CurveZMQ transport encryption when pyzmq supports it.

    Other local users cannot read client data off the kernel's TCP ports (ipykernel warns about
    plain-text TCP otherwise). Older jupyter_client versions ignore the setting.
    """
    import zmq
    from traitlets.config import Config

    policy = "auto" if zmq.has("curve") else "disabled"
    return Config({"KernelManager": {"transport_encryption": policy}})


def _failed_cell(nb_file: Path) -> tuple[int | None, int | None]:
    """(execution count, index) of the cell that was running when papermill stopped."""
    try:
        import nbformat

        nb = nbformat.read(nb_file, as_version=4)
    except Exception:  # noqa: BLE001 - best effort for the error message
        return None, None
    last = (None, None)
    for i, cell in enumerate(nb.cells):
        pm = cell.get("metadata", {}).get("papermill", {})
        if cell.cell_type == "code" and pm.get("start_time"):
            last = (cell.get("execution_count"), i)
    return last


def _extract_figures(nb_file: Path, folder: Path) -> list[str]:
    """Save the PNG outputs of the executed notebook into ``folder/figures``."""
    import base64

    import nbformat

    nb = nbformat.read(nb_file, as_version=4)
    saved = []
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if not png:
                continue
            n += 1
            target = folder / "figures" / f"figure-{n:02d}.png"
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(base64.b64decode("".join(png) if isinstance(png, list) else png))
            saved.append(target.relative_to(folder).as_posix())
    return saved


def _execute_one(task: Mapping[str, Any]) -> dict[str, Any]:
    """Run one (client, notebook) pair; move its folder into place when complete.

    Runs in a worker process (or a Dask worker). Everything is written to ``tmp_dir`` first; the
    per-run ``status.json`` is written last, then the folder is renamed to ``final_dir`` (the old
    folder, if any, is moved aside first and deleted after). A run killed before the rename leaves
    only a temporary folder, which the next batch deletes.
    """
    import logging

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .report import notebook_to_html, read_results

    logging.getLogger("papermill").setLevel(logging.WARNING)
    start = time.perf_counter()
    started = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    tmp, final = Path(task["tmp_dir"]), Path(task["final_dir"])
    stem = task["notebook"]
    # A task run again (Dask reschedules the tasks of a worker that died) finds the temporary folder
    # of the attempt that was cut short: it holds nothing complete (status.json comes last), so it
    # is removed and the run starts afresh.
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True, exist_ok=False)
    stack = contextlib.ExitStack()
    executed = tmp / f"{stem}.ipynb"
    html_file = tmp / f"{stem}.html"
    status, error, cell, cell_index = "ok", None, None, None
    log = tmp / "kernel.log"
    try:
        stack.enter_context(_stderr_to(log))
        _ensure_kernel()
        pm.execute_notebook(
            task["notebook_path"], str(executed),
            parameters={"data_dir": task["data_dir"], "output_dir": str(tmp), **task["parameters"]},
            kernel_name=KERNEL_NAME, cwd=str(tmp),
            execution_timeout=max(1, math.ceil(task["timeout"])),  # nbclient wants whole seconds
            progress_bar=False, log_output=False, request_save_on_cell_execute=True,
            config=_kernel_config(),
            shutdown_kernel="immediate",  # the notebook is done: no need to wait for a clean exit
        )
    except PapermillExecutionError as exc:
        status, cell, cell_index = "failed", exc.exec_count, exc.cell_index
        error = f"{exc.ename}: {exc.evalue}".strip()
    except Exception as exc:  # noqa: BLE001 - timeouts, dead kernels: the run fails, others go on
        status = "failed"
        cell, cell_index = _failed_cell(executed)
        msg = str(exc).strip().splitlines()
        error = f"{type(exc).__name__}: {msg[0] if msg else ''}".strip()
        if "timed out" in str(exc).lower():
            limit = fmt.number(task["timeout"], locale="en", digits=3, min_digits=0)
            error = f"timeout: a cell ran longer than {limit} s ({type(exc).__name__})"
    finally:
        stack.close()
    if log.exists() and log.stat().st_size == 0:
        log.unlink()
    figures: list[str] = []
    if status == "ok":
        try:
            title = f"{task['client']} — {stem}"
            notebook_to_html(executed, html_file, title=title)
            figures = _extract_figures(executed, tmp)
        except Exception as exc:  # noqa: BLE001
            status, error = "failed", f"report: {type(exc).__name__}: {exc}"
            html_file.unlink(missing_ok=True)
    seconds = round(time.perf_counter() - start, 3)
    record = {
        "client": task["client"], "folder": task["folder"], "notebook": stem, "status": status,
        "seconds": seconds, "cell": cell, "cell_index": cell_index, "error": error,
        "key": task["key"], "hashes": task["hashes"], "parameters": task["parameters"],
        "data_dir": task["data_dir"], "notebook_path": task["notebook_path"],
        "started": started, "socialroi": __version__, "python": sys.executable,
        "figures": figures, "kpis": read_results(tmp) if status == "ok" else {},
    }
    # status.json is written last, then the whole folder moves into place in one rename.
    (tmp / _STATUS).write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str),
                               encoding="utf-8")
    final.parent.mkdir(parents=True, exist_ok=True)
    old = tmp.with_name(tmp.name + ".old")
    if old.exists():  # left by an attempt cut short between the two renames below
        shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return record


_IN_POOL_WORKER = False


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def _threads_per_run(workers: int) -> int | None:
    """Threads each kernel may use so that parallel runs do not oversubscribe the cores."""
    if workers <= 1:
        return None
    return max(1, (os.cpu_count() or 1) // workers)


def _worker_init(threads: int | None = None, pids: Any = None) -> None:
    # Ctrl-C is handled by the parent, which stops the workers; a worker must not die half-way
    # through moving a finished run into place.
    global _IN_POOL_WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _IN_POOL_WORKER = True
    if pids is not None:  # the parent stops its workers by pid (no private attribute of the pool)
        pids.put(os.getpid())
    # Kernels inherit this environment: with N runs in parallel each gets its share of the cores
    # (BLAS, OpenMP and Arrow pools otherwise each start one thread per core and fight). A value
    # the user set is kept.
    if threads is not None:
        for var in _THREAD_VARS:
            os.environ.setdefault(var, str(threads))


@contextlib.contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """In a pool worker, send fd 2 (and so the kernel's own messages) to the run's kernel.log.

    Kernel start-up warnings and shutdown noise then stay with the run instead of cluttering the
    batch's terminal. Not done in Dask workers, where fd 2 is shared by other threads.
    """
    if not _IN_POOL_WORKER:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(fd, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(fd)


# ----------------------------------------------------------------------------------------------
# Executors
# ----------------------------------------------------------------------------------------------

def _run_processes(tasks: Sequence[dict[str, Any]], workers: int) -> Iterator[tuple[dict, dict]]:
    """Run tasks in a pool of spawned processes; yield ``(task, record)`` as runs finish.

    When a worker dies (killed, out of memory), the pool breaks: the runs that had started (their
    temporary folder exists) are reported failed, and those that had not are given to a new pool.
    On any exception in the consumer (Ctrl-C), the workers are terminated; their kernels notice
    that their parent is gone and exit.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    queue = list(tasks)
    ctx = multiprocessing.get_context("spawn")
    while queue:
        pids = ctx.SimpleQueue()  # each worker puts its pid here when it starts
        pool = ProcessPoolExecutor(max_workers=min(workers, len(queue)), initializer=_worker_init,
                                   initargs=(_threads_per_run(min(workers, len(queue))), pids),
                                   mp_context=ctx)
        futures = {pool.submit(_execute_one, t): t for t in queue}
        queue, progressed, broken = [], False, False
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for f in done:
                    t = futures[f]
                    try:
                        rec = f.result()
                    except BrokenProcessPool:
                        broken = True
                        if Path(t["tmp_dir"]).exists():
                            progressed = True
                            rec = _lost(t, "the worker process died while running it "
                                           "(killed or out of memory)")
                        else:
                            queue.append(t)  # had not started: run it in a new pool
                            continue
                    except Exception as exc:  # noqa: BLE001 - a bug in one run must not stop others
                        rec = _lost(t, f"{type(exc).__name__}: {exc}")
                    progressed = True
                    yield t, rec
        except BaseException:
            for f in futures:
                f.cancel()
            started = set()
            while not pids.empty():
                started.add(pids.get())
            for pid in started:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)
            pool.shutdown(wait=False, cancel_futures=True)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(p.pid in started for p in multiprocessing.active_children()):
                time.sleep(0.05)  # (active_children() also reaps the workers that have exited)
            raise
        pool.shutdown(wait=broken)  # all futures are done; idle workers exit on their own
        if queue and not progressed:  # the new pool broke before any run started: give up
            for t in queue:
                yield t, _lost(t, "the worker processes died before the run started")
            queue = []


def _run_dask(tasks: Sequence[dict[str, Any]], workers: int,
              scheduler: str | None) -> Iterator[tuple[dict, dict]]:
    try:
        from distributed import Client as DaskClient
        from distributed import LocalCluster, as_completed
    except ImportError as exc:
        raise ParameterError("the dask executor needs dask and distributed: "
                             "pip install 'socialroi[dask]'") from exc
    cluster = None
    if scheduler:
        client = DaskClient(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, resources={KERNEL_RESOURCE: 1})
        client = DaskClient(cluster)
    try:
        options = _dask_submit_options(client)
        futures = {}
        for t in tasks:
            f = client.submit(_execute_one, t, pure=False, key=f"socialroi-{t['key'][:16]}-{uuid.uuid4().hex[:6]}",
                              **options)
            futures[f] = t
        try:
            for f in as_completed(list(futures)):
                t = futures[f]
                try:
                    yield t, f.result()
                except Exception as exc:  # noqa: BLE001
                    yield t, _lost(t, f"{type(exc).__name__}: {exc}")
        except BaseException:
            client.cancel(list(futures), force=True)
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_submit_options(client: Any) -> dict[str, Any]:
    """``resources={"notebook_kernel": 1}`` for every run: a run holds one notebook kernel, and workers
    started with ``--resources notebook_kernel=N`` run at most N at a time. A cluster whose workers do
    not declare the resource would never run such tasks: they are then submitted without it, with a
    warning saying how to declare it."""
    import warnings

    try:
        workers = (client.scheduler_info() or {}).get("workers", {})
    except Exception:  # noqa: BLE001 - an old scheduler without the call: submit plainly
        workers = {}
    if any(KERNEL_RESOURCE in (w.get("resources") or {}) for w in workers.values()):
        return {"resources": {KERNEL_RESOURCE: 1}}
    warnings.warn(f"the Dask workers declare no {KERNEL_RESOURCE!r} resource, so nothing limits the notebook "
                  f"kernels each runs at once: start them with `dask worker ... --resources {KERNEL_RESOURCE}=2` "
                  "(two kernels per worker)", UserWarning, stacklevel=3)
    return {}


def _lost(task: Mapping[str, Any], error: str) -> dict[str, Any]:
    return {"client": task["client"], "folder": task["folder"], "notebook": task["notebook"],
            "status": "failed", "seconds": None, "cell": None, "error": error, "key": task["key"]}


# ----------------------------------------------------------------------------------------------
# The batch
# ----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time per output folder (advisory lock, released if the process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    fh = (out / _LOCK).open("w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise ParameterError(f"another batch is writing to {out}; wait for it or use "
                                 "another --out folder") from exc
        yield
    finally:
        fh.close()


def _row(task: Mapping[str, Any], rec: Mapping[str, Any], out: Path) -> dict[str, Any]:
    final = Path(task["final_dir"])
    stem = task["notebook"]
    ok = rec.get("status") in {"ok", "skipped"}
    moved = (final / _STATUS).is_file() and _read_status(final).get("key") == task["key"]
    return {
        "client": task["client"], "folder": task["folder"], "notebook": stem,
        "status": rec.get("status"), "seconds": rec.get("seconds"),
        "cell": rec.get("cell"), "error": rec.get("error"),
        "report": str(final / f"{stem}.html") if ok else None,
        "executed": str(final / f"{stem}.ipynb") if moved and (final / f"{stem}.ipynb").is_file() else None,
        "results": str(final / "results.json") if ok and (final / "results.json").is_file() else None,
        "key": task["key"],
    }


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=_RUN_COLUMNS)
    df["seconds"] = pd.to_numeric(df["seconds"], errors="coerce").astype("float64")
    df["cell"] = df["cell"].astype("Int64")
    return df


def _write_top(rows: list[dict[str, Any]], out: Path, *, locale: str | None,
               tasks: Sequence[Mapping[str, Any]]) -> None:
    from .report import write_index, write_summary_csv

    write_summary_csv(rows, out / "summary.csv")
    write_index(rows, out / "index.html", locale=locale)
    by_key = {t["key"]: t for t in tasks}
    manifest = {
        "socialroi": __version__,
        "finished": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "runs": [{**r, "hashes": by_key.get(r["key"], {}).get("hashes"),
                  "parameters": by_key.get(r["key"], {}).get("parameters")} for r in rows],
    }
    from .report import _atomic_write_text

    _atomic_write_text(out / "manifest.json",
                       json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")


def run(
    config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    out: str | os.PathLike[str] = DEFAULT_OUT,
    workers: int | None = None,
    force: bool = False,
    executor: str = "process",
    scheduler: str | None = None,
    progress: bool = True,
    notebooks: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    dry_run: bool = False,
) -> pd.DataFrame:
    """Run every notebook for every client and write the client reports.

    Parameters
    ----------
    config : path, mapping or None
        Clients config (see the module docstring); ``None`` = the bundled samples.
    out : path, default "reports"
        Output folder (created). Every client writes into ``out/<slug of its name>/`` only.
    workers : int, optional
        Parallel runs (processes, or Dask workers of a local cluster); default
        ``min(4, cpu count)``.
    force : bool, default False
        Run every pair even when its inputs, parameters and notebook are unchanged.
    executor : {"process", "dask"}, default "process"
        Local process pool, or a Dask distributed cluster (``pip install 'socialroi[dask]'``).
    scheduler : str, optional
        Address of a Dask scheduler (implies ``executor="dask"``); without it the Dask executor
        starts a ``LocalCluster``. Workers must see the same file system as this process.
    progress : bool, default True
        Show an overall progress bar (tqdm, on stderr).
    notebooks : path, optional
        Notebooks folder (default: the config's ``notebooks_dir``, else the repository's).
    timeout : float, optional
        Per-cell timeout in seconds (default: the config's, else 600).
    dry_run : bool, default False
        Validate and plan only: the table says ``to run`` or ``skipped`` and nothing runs.

    Returns
    -------
    pandas.DataFrame
        The run table, one row per (client, notebook) in config order: ``client``, ``folder``,
        ``notebook``, ``status`` (``ok``, ``failed``, ``skipped`` = unchanged since an ok run),
        ``seconds``, ``cell`` (execution count of the failing cell), ``error``
        (``"KeyError: 'x'"``), ``report``, ``executed``, ``results`` (absolute paths or None),
        ``key`` (hash of the run's inputs).

    Raises
    ------
    ParameterError
        Invalid config, or parameters that do not match a notebook's parameters cell (raised
        before anything runs, listing every problem).
    KeyboardInterrupt
        After stopping the workers: finished runs stay in place, unfinished ones leave nothing
        marked complete, and ``index.html`` lists them as interrupted. (With a remote
        ``scheduler``, tasks already running on the cluster's workers cannot be stopped: they
        finish and move their folder into place; the next batch re-checks them by their hashes.)
    """
    if executor not in {"process", "dask"}:
        raise ParameterError(f"executor must be 'process' or 'dask', got {executor!r}")
    if scheduler:
        executor = "dask"
    if workers is None:
        workers = max(1, min(4, os.cpu_count() or 1))
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers must be a positive integer, got {workers!r}")
    clients = load_config(config, notebooks=notebooks, timeout=timeout)
    passed = check_parameters(clients)
    out = Path(out).resolve()
    for c in clients:
        if out == c.data_dir or out.is_relative_to(c.data_dir):
            raise ParameterError(f"the output folder {out} is inside the dataset folder of client "
                                 f"{c.name!r} ({c.data_dir}): choose another --out")
    locale = next((str(c.parameters["locale"]) for c in clients if "locale" in c.parameters), None)
    if dry_run:  # nothing is written, not even the output folder
        tasks = _plan(clients, passed, out, force=force)
        return _table([{**_row(t, {"status": "skipped" if t["skip"] else "to run"}, out),
                        "report": None} for t in tasks])
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        tasks = _plan(clients, passed, out, force=force)
        shutil.rmtree(out / _TMP, ignore_errors=True)  # leftovers of an interrupted batch
        todo = [t for t in tasks if not t["skip"]]
        # longest runs first (durations of the previous batch, when known): fewer idle workers
        todo.sort(key=lambda t: -(t.get("last_seconds") or 0.0))
        results: dict[str, dict[str, Any]] = {}
        for t in tasks:
            if t["skip"]:
                prev = t["previous"] or {}
                results[t["key"]] = {"status": "skipped", "seconds": 0.0,
                                     "kpis": prev.get("kpis")}
        stream = None
        try:
            if todo:
                stream = (_run_dask(todo, workers, scheduler) if executor == "dask"
                          else _run_processes(todo, min(workers, len(todo))))
                n_failed = 0
                with _progress(len(todo), progress) as bar:
                    for t, rec in stream:
                        results[t["key"]] = rec
                        bar.update(1)
                        if rec.get("status") == "failed":
                            n_failed += 1
                            bar.set_postfix_str(f"failed: {n_failed}")
        except BaseException:
            if stream is not None:
                stream.close()  # stops the workers (see _run_processes / _run_dask)
            rows = [_row(t, results.get(t["key"], {"status": "interrupted"}), out) for t in tasks]
            with contextlib.suppress(Exception):
                _write_top(rows, out, locale=locale, tasks=tasks)
            if not scheduler:  # our workers are gone; on a remote cluster, running tasks finish
                shutil.rmtree(out / _TMP, ignore_errors=True)
            raise
        shutil.rmtree(out / _TMP, ignore_errors=True)
        rows = [_row(t, results[t["key"]], out) for t in tasks]
        _write_top(rows, out, locale=locale, tasks=tasks)
    return _table(rows)


@contextlib.contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Any]:
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc="socialroi batch", unit="run", file=sys.stderr,
               disable=not enabled, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()


# ----------------------------------------------------------------------------------------------
# Command line: ``socialroi batch`` (cli.py delegates here)
# ----------------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="socialroi batch",
        description="Run every analysis notebook for every client (default: the bundled samples) "
                    "and write HTML reports, index.html and summary.csv.",
    )
    p.add_argument("config", nargs="?", help="clients config (YAML); default: the bundled samples")
    p.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    p.add_argument("--workers", type=int, default=None,
                   help="parallel runs (default: min(4, number of CPUs))")
    p.add_argument("--force", action="store_true", help="run again even unchanged pairs")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--executor", choices=["process", "dask"], default="process",
                   help="local processes (default) or a Dask cluster (local if no --scheduler)")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --executor dask)")
    p.add_argument("--timeout", type=float, default=None, help="per-cell timeout in seconds (default 600)")
    p.add_argument("--notebooks", metavar="DIR", default=None,
                   help="notebooks folder (default: the config's notebooks_dir, else the repository's)")
    p.add_argument("--check", action="store_true",
                   help="validate the config and parameters and show what would run; run nothing")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    return p


def _print_summary(table: pd.DataFrame, out: Path, elapsed: float) -> None:
    counts = table["status"].value_counts()
    parts = [f"{counts.get(s, 0)} {s}" for s in ("ok", "skipped", "failed") if counts.get(s, 0)]
    print(f"{len(table)} runs in {fmt.number(elapsed, locale='en', digits=1)} s: {', '.join(parts) or 'nothing to do'}")
    failed = table[table["status"] == "failed"]
    if len(failed):
        print("failed runs:")
        for r in failed.itertuples():
            cell = f"cell [{r.cell}]" if not pd.isna(r.cell) else "cell ?"
            print(f"  - {r.client} / {r.notebook}: {cell}: {r.error}")
            if r.executed:
                print(f"    executed notebook: {r.executed}")
    print(f"index: {out / 'index.html'}")
    print(f"summary: {out / 'summary.csv'}")


def main(argv: Sequence[str] | None = None) -> int:
    """``socialroi batch`` entry point; returns the exit code.

    0 when every run is ok or skipped; 1 when any run failed; 2 for an invalid config or
    parameters (nothing ran); 130 when interrupted (Ctrl-C).
    """
    args = _parser().parse_args(list(argv) if argv is not None else None)
    out = Path(args.out)
    t0 = time.perf_counter()
    try:
        table = run(args.config, out=out, workers=args.workers, force=args.force,
                    executor=args.executor, scheduler=args.scheduler,
                    progress=not args.no_progress, notebooks=args.notebooks,
                    timeout=args.timeout, dry_run=args.check)
    except (ParameterError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: finished runs are kept; run the same command again to resume",
              file=sys.stderr)
        return 130
    if args.check:
        for r in table.itertuples():
            print(f"{r.status:>8}  {r.client} / {r.notebook}")
        return 0
    _print_summary(table, out.resolve(), time.perf_counter() - t0)
    return 1 if (table["status"] == "failed").any() else 0


if __name__ == "__main__":  # pragma: no cover
    try:
        sys.exit(main())
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        sys.exit(2)
