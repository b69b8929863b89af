#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then runs the whole suite:
# lint, types, and pytest (unit, build, real-browser tests and the audits).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages: chromium for the browser tests; Node.js and Java for the audits
# (Lighthouse and axe-core run on Node.js, the Nu HTML Checker on Java).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need+=(nodejs npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

# The audit tools from npm, exactly as locked (tests/audit/package-lock.json); again only
# when the lock file changed. --ignore-scripts: no package may download anything else.
lock=tests/audit/package-lock.json
stamp=tests/audit/node_modules/.installed-lock.json
if ! cmp -s "$lock" "$stamp"; then
  (cd tests/audit && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  cp "$lock" "$stamp"
fi

python3 -m ruff check
python3 -m mypy
python3 -m pytest -q -p no:cacheprovider "$@"
