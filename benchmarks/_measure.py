"""Timing and memory helpers shared by the benchmark scripts (not collected by pytest).

- :func:`interleaved` runs two callables in turn ``repeat`` times (so both see the same machine
  load) and returns, for each, the wall and CPU seconds of every run (CPU time of the whole
  process, all threads: pyarrow and DuckDB use several).
- :func:`peak_rss` runs a callable once and returns the growth of the process's resident set
  size at its peak (``VmHWM`` after resetting it through ``/proc/self/clear_refs``, minus the
  resident size just before the call, after returning freed memory to the system). It counts
  every allocation — numpy, Arrow buffers, DuckDB's own — which ``tracemalloc`` does not.
  Linux only; NaN elsewhere.
- :func:`machine_line` describes the machine, versions and load average.
"""

from __future__ import annotations

import ctypes
import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def _status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


def _release() -> None:
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - optional
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # pragma: no cover - not glibc
        pass


def peak_rss(fn: Callable[[], Any]) -> float:
    """Bytes by which the resident set grows at the peak of one call of ``fn`` (NaN if unknown)."""
    try:
        _release()
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")  # resets VmHWM to the current resident size
        base = _status("VmRSS")
    except OSError:  # pragma: no cover - not Linux
        return float("nan")
    out = fn()
    peak = _status("VmHWM")
    del out
    _release()
    return float(peak - base)


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of the process, result) of one call."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, dict[str, Any]]:
    """Run every callable once per round, ``repeat`` rounds; per name: wall and cpu lists, medians, last result."""
    runs: dict[str, dict[str, Any]] = {k: {"wall": [], "cpu": [], "out": None} for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            w, c, out = timed(fn)
            runs[k]["wall"].append(w)
            runs[k]["cpu"].append(c)
            runs[k]["out"] = out
            del out
    for r in runs.values():
        r["wall_med"] = statistics.median(r["wall"])
        r["cpu_med"] = statistics.median(r["cpu"])
    return runs


def frame_bytes(*frames: Any) -> int:
    """In-memory size of DataFrames (deep: the text of string columns included)."""
    return int(sum(f.memory_usage(deep=True, index=True).sum() for f in frames))


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine_line() -> str:
    import pandas as pd

    parts = [f"{platform.machine()}, {os.cpu_count()} logical CPUs (shared)", f"Python {platform.python_version()}",
             f"numpy {np.__version__}", f"pandas {pd.__version__}"]
    for mod in ("pyarrow", "duckdb"):
        try:
            parts.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:  # pragma: no cover
            pass
    return ", ".join(parts)
