# The two commands of the README:
#   make demo   set up (first time) and run askdesk on the embedded defaults
#   make test   set up (first time), check (ruff, import contracts, mypy) and run the test suite
.PHONY: demo test test-slow setup check lint eval

setup:
	@scripts/bootstrap.sh

demo: setup
	.venv/bin/askdesk demo

# the whole suite, after ruff, the dependency rule and the type checker (`check`); CI runs exactly this
test: check
	.venv/bin/python -m pytest

test-slow: setup
	.venv/bin/python -m pytest -m slow

# ruff, the dependency rule (import-linter contracts in pyproject.toml), types (mypy)
check: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/mypy

lint: setup
	.venv/bin/ruff check .

# the full golden set against the demo's index (run `make demo` first); report in eval-report/
eval: setup
	.venv/bin/askdesk eval --questions evals/golden/sample-5000.jsonl --now 2026-10-31T18:00 --out eval-report
