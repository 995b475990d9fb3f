"""Sphinx configuration of socialroi's documentation (``make docs``; built offline, warnings are errors).

Why Sphinx (and not MkDocs): socialroi's docstrings are numpydoc with reStructuredText roles
(``:func:``, ``:math:``, ``:mod:``), which Sphinx with numpydoc renders as written; myst-nb reads the
Markdown pages and executes the notebooks during the build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pages  # noqa: E402

import socialroi  # noqa: E402

pages.write_all()

project = "socialroi"
author = "socialroi developers"
release = version = socialroi.__version__
copyright = "socialroi developers, MIT licence"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "numpydoc",
]
# no network at build time: no intersphinx, nothing fetched
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "README.md", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

# the notebooks are executed during the build, on the bundled sample (their default parameters)
nb_execution_mode = os.environ.get("SOCIALROI_DOCS_EXECUTE", "force")
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_in_temp = True
nb_merge_streams = True
nb_execution_show_tb = True

autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

html_theme = "furo"
html_title = f"socialroi {release}"
html_static_path: list[str] = []
