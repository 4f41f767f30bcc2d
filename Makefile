PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ZH_NEWS := $(VENV)/bin/zh-news
DB ?= news.db

.PHONY: serve build test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

build: $(VENV)/.installed
	$(ZH_NEWS) build --db $(DB)

serve: $(VENV)/.installed
	$(ZH_NEWS) serve --db $(DB)

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	cd benchmarks && ../$(PY) build.py && ../$(PY) search.py && ../$(PY) load.py

clean:
	rm -rf $(VENV) $(DB) news.inspect.json
