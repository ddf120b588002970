# GPUHive — the two commands a new user needs:
#   make demo   set up, then run the demo (deploy + one job on the embedded chain)
#   make test   set up, then run the whole test suite
#   make lint   the gate CI runs first: import layers, ruff, ruff format, mypy on protocol/, oracles/, worker_node/, frontend_api/ and gpuhive/
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup demo test lint coverage gas bench clean wallet-bundle chromium

setup: $(VENV)/.installed node_modules/.installed

# crowd-kit (label jobs' Dawid-Skene) is installed with --no-deps: its full install pulls transformers (~800 MB)
# that the aggregation never imports; the dependencies it does import are the `label` extra.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,render,train,gpu,label]'
	$(PY) -m pip install --quiet --no-deps 'crowd-kit==1.4.2'
	touch $@

# npm install, not npm ci: js-ipfs's optional WebRTC chain (electron-webrtc -> electron-eval) names a GitHub
# tarball no registry serves, which npm ci reports as a lock file out of sync. With the committed lock complete,
# npm install installs exactly its versions and leaves it unchanged (.ci/run checks that).
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

demo: setup
	gpuhive demo

test: setup chromium
	pytest

# Debian's headless Chromium for the dApp's browser tests (tests/browser drives it through Playwright's
# executable_path; never `playwright install`). Installed when running as root with apt (CI); otherwise this
# says how, and the browser tests skip saying so.
CHROMIUM := /usr/bin/chromium-headless-shell
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium-headless-shell; \
	else echo "browser tests will skip: $(CHROMIUM) is missing; install it with:" \
	  "sudo apt-get install -y --no-install-recommends chromium-headless-shell"; fi

lint: setup
	lint-imports
	ruff check .
	ruff format --check .
	mypy protocol oracles worker_node frontend_api gpuhive

coverage: setup
	$(PY) -m coverage run -m pytest -q -p no:ape_test tests/contracts --ignore=tests/contracts/anvil
	$(PY) -m coverage report | tee benchmarks/results/contracts_coverage.txt

gas: setup
	$(PY) benchmarks/gas.py

# The wallet pages' one ES module of viem (committed): frontend_api/web/wallet_bundle/entry.js names what is in it.
wallet-bundle: node_modules/.installed
	npx vite build --config frontend_api/web/wallet_bundle/vite.config.mjs

clean:
	rm -rf .build .pytest_cache .hypothesis .coverage htmlcov
