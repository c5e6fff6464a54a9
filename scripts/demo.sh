#!/usr/bin/env bash
# Build the warehouse on the shipped real data and print its summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
nqpf build --shipped
