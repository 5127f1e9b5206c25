#!/usr/bin/env bash
# Shared set-up for scripts/demo.sh and scripts/test.sh: a project venv with the package
# installed in editable mode. Idempotent: re-running only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.guongsang-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi
# The editors' form at /admin/ serves Decap CMS from node_modules (pinned by package-lock.json);
# without Node.js the site is still built, only without /admin/.
npm_stamp=node_modules/.guongsang-installed
if command -v npm >/dev/null && { [ ! -f "$npm_stamp" ] || [ package-lock.json -nt "$npm_stamp" ]; }; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
