#!/usr/bin/env bash
# Lint, build the docs site strictly and run the whole test suite (unit, adapters, dbt build on
# the shipped data, knowledge).
set -euo pipefail
# the suite includes the Spark engine's build (skipped without Java): install its extra too
export NQPF_EXTRAS="${NQPF_EXTRAS:-spark}"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
ruff check .
# a broken link, a page missing from the nav or a failing generated section fails the run
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --quiet --site-dir "$site"
pytest "$@"
