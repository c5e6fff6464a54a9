#!/usr/bin/env bash
# Start, stop or show a standalone Spark cluster on this machine (a master, two workers and a
# Spark Connect server, from the pyspark in .venv) for `nqpf build --engine spark --target
# cluster`; its logs and state go under the warehouse folder (NQPF_HOME or ./warehouse).
#   scripts/spark-cluster.sh start [--connect-port 15002 --master-port 7077 --ui-port 8080]
#   scripts/spark-cluster.sh status | stop
set -euo pipefail
export NQPF_EXTRAS="${NQPF_EXTRAS:-spark}"
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec python -m nqpf.spark.cluster "$@"
