#!/usr/bin/env bash
# Build the warehouse on the shipped real data, print its summary, and open the app.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
nqpf build --shipped
exec nqpf app --port "${PORT:-8501}"
