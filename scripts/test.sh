#!/usr/bin/env bash
# Install everything the tests need, then run them all (unit, AppTest and real-browser tests).
# Needs root (or sudo) once, for Debian's chromium and nginx; pip installs the pinned Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium (the browser tests) and nginx (several app processes behind it, tests/test_serve.py).
if ! command -v chromium >/dev/null 2>&1 || ! { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium nginx >/dev/null
fi
python3 -m pip install -q -r requirements-dev.txt

python3 -m ruff check .
# The layout's contracts (pyproject.toml, [tool.importlinter]): layers, independent doors, no Streamlit below ui/.
python3 -c "from importlinter.cli import lint_imports_command; lint_imports_command()"  # = lint-imports
# The full suite runs the property tests with 5,000 generated examples each ("dev": a few hundred).
HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" python3 -m pytest "$@"
