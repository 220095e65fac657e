# The two commands a newcomer needs: `make lab` and `make test`. Everything else is for contributors.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The language of the notebook `make lab` opens: ko when your locale is Korean, else en.
LOCALE := $(or $(LC_ALL),$(LC_MESSAGES),$(LANG))
LAB_LANG ?= $(if $(filter ko%,$(LOCALE)),ko,en)
# More arguments for JupyterLab: make lab ARGS="--port 8899 --no-browser".
ARGS ?=

.PHONY: lab test test-server test-network test-localstack test-hub test-pythons notebooks bench capacity lint clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' || \
	  { if [ "$(LAB_LANG)" = ko ]; then echo "실습에는 Python 3.10~3.13이 필요합니다. 지금 $(PYTHON)의 버전: $$($(PYTHON) --version 2>&1). 예: make lab PYTHON=python3.12"; \
	    else echo "The lab needs Python 3.10 to 3.13; $(PYTHON) is $$($(PYTHON) --version 2>&1). Try: make lab PYTHON=python3.12"; fi; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Your own copies of the notebooks, in my-notebooks/$(LAB_LANG)/ (labs/my_notebooks.py); --allow-root as root.
lab: $(BIN)/.installed
	$(BIN)/labs lab --lang $(LAB_LANG) $(ARGS)

test: $(BIN)/.installed
	$(BIN)/ruff check labs tests benchmarks conftest.py
	$(BIN)/python -m pytest

# The solution notebooks again, against moto's HTTP server instead of in-process moto.
test-server: $(BIN)/.installed
	LABS_BACKEND=moto-server $(BIN)/python -m pytest solutions tests/test_backends.py

# The guard's tests inside a network namespace with no route out (where `unshare -n` works: root or
# user namespaces, and iproute2), then every solution notebook again, recording each socket its
# kernel opens: only loopback is allowed.
test-network: $(BIN)/.installed
	@if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then \
	  unshare -n sh -c 'ip link set lo up && LABS_IN_NETWORK_NAMESPACE=1 $(BIN)/python -m pytest -n 0 tests/test_guard.py'; \
	else echo "skipped the guard tests in a network namespace: unshare -n does not work here (it needs root or user namespaces, and iproute2)"; fi
	LABS_RECORD_CONNECTIONS=1 $(BIN)/python -m pytest tests/test_notebook_connections.py
	LABS_RECORD_CONNECTIONS=1 LABS_BACKEND=moto-server $(BIN)/python -m pytest tests/test_notebook_connections.py

# The chapters LocalStack's free tier can run, against LocalStack without Docker (Python 3.13).
test-localstack: $(BIN)/.installed
	@if ! $(BIN)/python -c 'import sys; from labs.localstack_process import find_python313; sys.exit(find_python313() is None)'; then \
	  echo "skipped: LocalStack without Docker needs Python 3.13, and none was found (set LABS_PYTHON313)"; exit 0; fi; \
	$(BIN)/labs localstack start && \
	LABS_BACKEND=localstack $(BIN)/python -m pytest tests/test_localstack.py; status=$$?; \
	$(BIN)/labs localstack stop; exit $$status

# A room for real: JupyterHub on 127.0.0.1 with deploy/tljh's configuration, three learners running
# chapter 08 in their own kernels, the class view checked by API and in headless Chromium.
# Installs on first use: the lab's `hub` extra (JupyterHub), JupyterHub's proxy (an npm package, in
# .hub/) and, as root on Debian, the chromium package. Screenshots: build/test-hub/.
CHP := .hub/node_modules/.bin/configurable-http-proxy
test-hub: $(BIN)/.installed
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "skipped: make test-hub needs Node.js and npm for JupyterHub's proxy (apt-get install nodejs npm)"; exit 0; fi; \
	$(BIN)/python -c 'import jupyterhub, sqlalchemy' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[test,hub]' || exit 1; \
	[ -x $(CHP) ] || npm install --silent --no-audit --no-fund --prefix .hub configurable-http-proxy@5 || exit 1; \
	if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the class view's screenshot"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 || true; fi; \
	LABS_TEST_HUB=1 LABS_TEST_CHP=$(CURDIR)/$(CHP) $(BIN)/python -m pytest -n 0 tests/hub

# The whole suite on the lowest and the highest Python the lab supports, where this machine has them.
test-pythons:
	@for version in 3.10 3.13; do \
	  py=$$(for candidate in python$$version $$HOME/.pyenv/versions/$$version*/bin/python$$version; do \
	          $$candidate --version >/dev/null 2>&1 && { echo $$candidate; break; }; done); \
	  if [ -z "$$py" ]; then echo "skipped Python $$version: no interpreter found"; continue; fi; \
	  echo "== Python $$version ($$py)"; \
	  $(MAKE) --no-print-directory test PYTHON=$$py VENV=.venv-$$version || exit 1; \
	done

notebooks: $(BIN)/.installed
	$(BIN)/labs notebooks

# Rewrites the README's Speed table and, from the memory it measures, the sizing tables and deploy/'s limits.
# Prowler's row needs `$(BIN)/python benchmarks/run.py --install-prowler` once (in .bench/, never by make test).
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py --write

# Memory and CPU per learner kernel, per chapter; rewrites the README's sizing table and deploy/'s limits.
capacity: $(BIN)/.installed
	$(BIN)/python benchmarks/capacity.py --write

lint: $(BIN)/.installed
	$(BIN)/ruff check labs tests benchmarks conftest.py

clean:
	rm -rf $(VENV) .venv-3.10 .venv-3.13 .pytest_cache .hub build/test-hub
