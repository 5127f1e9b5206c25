#!/usr/bin/env bash
# Build the embedded demo site into site/ (validating it first); `--serve` previews it
# at http://127.0.0.1:8000 with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--serve" ]; then
  exec .venv/bin/guongsang serve "${@:2}"
fi
.venv/bin/guongsang validate
.venv/bin/guongsang build "$@"
echo "Xem trang: bash scripts/demo.sh --serve  (rồi mở http://127.0.0.1:8000)"
