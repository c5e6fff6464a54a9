#!/usr/bin/env bash
# Create .venv and install the project with its test tools (and the extras NQPF_EXTRAS names,
# e.g. spark); reinstall only when pyproject.toml or the extras change. Sourced by the other
# scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  echo "creating $ROOT/.venv" >&2
  "$PY" -m venv "$ROOT/.venv"
fi
stamp="$ROOT/.venv/.nqpf-installed"
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) ${NQPF_EXTRAS:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing nqpf and its dependencies into .venv (first run takes a few minutes)" >&2
  "$ROOT/.venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$ROOT/.venv/bin/python" -m pip install --quiet -e "$ROOT[dev${NQPF_EXTRAS:+,$NQPF_EXTRAS}]" >&2
  echo "$want" > "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
