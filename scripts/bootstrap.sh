#!/usr/bin/env bash
# Create .venv and install the project with its test tools (and the extras NQPF_EXTRAS names,
# e.g. spark) at the versions of requirements.lock (regenerate it with scripts/lock.sh);
# reinstall only when pyproject.toml, the lock or the extras change. Sourced by the other
# scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  echo "creating $ROOT/.venv" >&2
  "$PY" -m venv "$ROOT/.venv"
fi
stamp="$ROOT/.venv/.nqpf-installed"
want="$(cat "$ROOT/pyproject.toml" "$ROOT/requirements.lock" | sha256sum | cut -d' ' -f1) ${NQPF_EXTRAS:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing nqpf and its dependencies into .venv (first run takes a few minutes)" >&2
  "$ROOT/.venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$ROOT/.venv/bin/python" -m pip install --quiet -c "$ROOT/requirements.lock" \
    -e "$ROOT[dev${NQPF_EXTRAS:+,$NQPF_EXTRAS}]" >&2
  echo "$want" > "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
