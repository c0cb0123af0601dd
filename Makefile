# Two entry points: `make play` (the game in this terminal, on SQLite) and `make test` (the whole suite).
# Both create the virtual environment .venv when it is missing.

PYTHON ?= python3
VENV := .venv
ANVIL := .tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil

.PHONY: play run test lint bench browser messages

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

$(ANVIL):
	.ci/install-anvil >/dev/null

# Headless Chromium and its driver (Debian packages) for the browser tests; a no-op when they are installed.
browser:
	.ci/install-chromium

play: $(VENV)/.installed
	$(VENV)/bin/chatlabel play

run: $(VENV)/.installed
	$(VENV)/bin/chatlabel run

test: $(VENV)/.installed $(ANVIL) browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(VENV)/.installed
	$(VENV)/bin/python bench/answer_path.py

# The catalogs of every language: extract the sentences of bot/common/texts and merge them into each .po; then
# translate what `tests/unit/bot/test_catalogs.py` reports missing. The bot reads the .po files as they are.
LOCALE := bot/common/locale
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k Nn_:1,2 --no-location --sort-output -w 120 \
		--project chatlabel --copyright-holder "chatlabel contributors" -o $(LOCALE)/chatlabel.pot .
	$(VENV)/bin/pybabel update -i $(LOCALE)/chatlabel.pot -d $(LOCALE) -D chatlabel --no-fuzzy-matching --ignore-obsolete -w 120
