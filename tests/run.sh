#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then runs the whole suite:
# lint, types, and pytest (unit, build and real-browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

python3 -m ruff check
python3 -m mypy
python3 -m pytest -q -p no:cacheprovider "$@"
