#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them (and ruff).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check scripts tests
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "pytest: no tests were collected" >&2
  exit 1
fi
exit "$code"
