#!/usr/bin/env bash
# Lint and run the whole test suite (unit, adapters, dbt build on the shipped data, knowledge).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
ruff check .
pytest "$@"
