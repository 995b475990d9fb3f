# socialroi — two commands on a fresh machine with Python 3.11+ and make:
#   make demo   sets everything up (.venv) and runs the main job on the bundled samples
#   make test   installs what the tests need and runs them
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
OUT    ?= output

.PHONY: demo test install dev lint bench kernel samples notebooks docs clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev,dask,explore]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (socialroi)" >/dev/null
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/socialroi validate data/sample/maison-lumiere
	$(VENV)/bin/socialroi validate data/sample/forges-de-l-est
	$(VENV)/bin/socialroi batch --out $(OUT) --workers 2

test: install
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  echo "note: chromium/chromedriver not found — the client report's browser and PDF tests will skip;" \
	       "install them with: apt-get install chromium chromium-driver (.ci/run does it)"
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check socialroi tests benchmarks tools

kernel: install
	$(PY) -m ipykernel install --user --name socialroi --display-name "Python 3 (socialroi)"

samples: install
	$(VENV)/bin/socialroi sample --out socialroi/sample_data

notebooks: install
	$(PY) tools/build_notebooks.py

# the documentation site (docs/_build/html), offline, warnings as errors; executes the notebooks (~1-2 min)
$(VENV)/.docs-installed: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[docs]"
	touch $@

docs: install $(VENV)/.docs-installed
	rm -rf docs/_build
	$(PY) -m sphinx -W --keep-going -b html -q docs docs/_build/html
	@echo "docs: docs/_build/html/index.html"

bench: install
	$(PIP) install --quiet -e ".[bench]"
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache docs/_build docs/generated
