# The two commands a newcomer needs: `make lab` and `make test`. Everything else is for contributors.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The language of the notebook `make lab` opens: ko when your locale is Korean, else en.
LOCALE := $(or $(LC_ALL),$(LC_MESSAGES),$(LANG))
LAB_LANG ?= $(if $(filter ko%,$(LOCALE)),ko,en)
# Jupyter refuses to run as root unless told; in a container root is normal.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-notebooks test-server notebooks bench lint clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "The lab needs Python 3.10 to 3.13; $(PYTHON) is $$($(PYTHON) --version 2>&1). Try: make lab PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

lab: $(BIN)/.installed
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.default_url=/lab/tree/notebooks/$(LAB_LANG)/00-welcome.ipynb

test: $(BIN)/.installed
	$(BIN)/ruff check labs tests benchmarks conftest.py
	$(BIN)/python -m pytest

# The solution notebooks again, against moto's HTTP server instead of in-process moto.
test-server: $(BIN)/.installed
	LABS_BACKEND=moto-server $(BIN)/python -m pytest solutions tests/test_backends.py

notebooks: $(BIN)/.installed
	$(BIN)/labs notebooks

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

lint: $(BIN)/.installed
	$(BIN)/ruff check labs tests benchmarks conftest.py

clean:
	rm -rf $(VENV) .pytest_cache
