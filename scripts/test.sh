#!/usr/bin/env bash
# Lint and run the whole test suite (unit, adapters, dbt build on the shipped data, knowledge).
set -euo pipefail
# the suite includes the Spark engine's build (skipped without Java): install its extra too
export NQPF_EXTRAS="${NQPF_EXTRAS:-spark}"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
ruff check .
pytest "$@"
