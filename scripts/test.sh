#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (Python >= 3.10, Node.js >= 18) and
# runs the whole suite: JS unit tests, the bundle-matches-source check, ruff, and pytest
# (reader, widgets, notebooks and the end-to-end tests in JupyterLab and Notebook 7).
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

echo "== Python environment (.venv)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

echo "== JS: install, unit tests, build"
(cd js && npm ci --no-audit --no-fund --loglevel=error && npm test && npm run build)
if ! git diff --quiet -- usid_widgets/static; then
  git --no-pager diff --stat -- usid_widgets/static
  echo "FAIL: usid_widgets/static differs from a build of js/: run 'cd js && npm run build' and commit"
  exit 1
fi

echo "== ruff"
.venv/bin/ruff check .

echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
