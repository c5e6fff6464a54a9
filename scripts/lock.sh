#!/usr/bin/env bash
# Regenerate requirements.lock: install pyproject.toml's dependencies (with the dev and spark
# extras) into a fresh virtual environment and record the exact version of every package
# installed.
# scripts/bootstrap.sh installs with these versions as constraints, so a fresh clone gets what
# the tests ran with. Run it after changing a dependency and commit the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --upgrade pip >&2
echo "resolving $ROOT/pyproject.toml[dev,spark] in a fresh environment" >&2
"$tmp/venv/bin/python" -m pip install --quiet -e "$ROOT[dev,spark]" >&2  # editable: no build/ left behind
{
  echo "# Exact versions the tests run with; regenerate with scripts/lock.sh."
  echo "# Python $("$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())')"
  "$tmp/venv/bin/python" -m pip freeze --exclude nqpf
} > "$ROOT/requirements.lock"
echo "wrote $ROOT/requirements.lock" >&2
