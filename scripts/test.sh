#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them (and ruff).
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.
# Print tests read PDFs with poppler-utils; WeasyPrint needs Debian's Pango; the editors'
# form needs Node.js for Decap CMS. Installed only when missing.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-core)
command -v pdftoppm >/dev/null && command -v pdffonts >/dev/null || missing+=(poppler-utils)
{ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
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
