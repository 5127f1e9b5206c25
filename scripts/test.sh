#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them (and ruff).
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser); the
# editors' form needs Node.js for Decap CMS.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium fonts-noto-core"
command -v npm >/dev/null || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
bash scripts/setup.sh
.venv/bin/ruff check scripts tests bench
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "pytest: no tests were collected" >&2
  exit 1
fi
exit "$code"
