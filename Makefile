# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Both create .venv and install everything pinned (constraints.txt is the lock).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: install demo test test-browser browser-deps bench clean lock

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check --upgrade pip
	$(PIP) install -q --disable-pip-version-check -c constraints.txt -e '.[model,test]'
	$(PY) -m newstrace.build_data
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(PY) -m newstrace ingest demo/corpus --db $(DEMO_DB) || test $$? -eq 1
	$(PY) -m newstrace stats --db $(DEMO_DB)
	$(PY) -m newstrace events --db $(DEMO_DB) --min-sources 2
	@echo
	@echo "Search it:        $(PY) -m newstrace search 'Kherson' --db $(DEMO_DB)"
	@echo "Show an article:  $(PY) -m newstrace show DOC_ID --db $(DEMO_DB)"
	@echo "Show an event:    $(PY) -m newstrace event EVENT_ID --db $(DEMO_DB)   (reports, sources, conflicts)"
	@echo "Web app:          $(PY) -m newstrace serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"
	@echo "                  (the upload token and an upload link are printed when it starts)"

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need /usr/bin/chromium: sudo apt-get install chromium"; fi; }

test: install browser-deps
	$(PY) -m pytest -q

# Only the browser tests (screenshots land in test-artifacts/screenshots/).
test-browser: install browser-deps
	$(PY) -m pytest -q -m browser tests/browser

bench: install
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lock:
	$(PIP) freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).uploads
