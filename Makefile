# Two commands matter on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the test suite runs for real (peers, probes); installed when missing.
DEBIAN_PACKAGES ?= qbittorrent-nox transmission-daemon nzbget opentracker ffmpeg

.PHONY: run demo test lint typecheck unit bench schema docs system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Until the daemon exists, `make run` shows the engine at work: the demo below.
run: $(STAMP) system-deps
	@echo "MediaOS: the daemon arrives in a later release; until then 'make run' runs 'make demo' (examples/quickstart becomes a library on loopback peers)."
	$(BIN)/mediaos validate examples/quickstart
	$(BIN)/python -m demo

# Local peers (Torznab, TVmaze, opentracker, transmission-daemon, qbittorrent-nox), then the
# real `mediaos diff` / `apply` / `explain` on a copy of examples/quickstart; see demo/.
demo: $(STAMP) system-deps
	$(BIN)/python -m demo

lint: $(STAMP)
	$(BIN)/ruff check mediaos tests bench demo
	$(BIN)/ruff format --check mediaos tests bench demo
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: $(STAMP) system-deps lint typecheck unit

bench: $(STAMP)
	@status=0; for b in bench/bench_*.py; do \
	  echo "== $$b"; $(BIN)/python $$b || status=1; done; exit $$status

schema: $(STAMP)
	$(BIN)/mediaos schema > schemas/mediaos.schema.json

docs: $(STAMP)
	$(BIN)/python -m mediaos.schemas.reference > docs/.configuration.md.new && mv docs/.configuration.md.new docs/configuration.md

clean:
	rm -rf $(VENV) demo-run .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
