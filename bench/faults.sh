#!/usr/bin/env bash
# Fault injection only; each scenario ends with a reconciliation (ledger == entitlements, no event lost or applied
# twice). --smoke skips the Kafka broker restart and makes the storms smaller.
# Results: bench/results/faults-<UTC time>.json and faults-latest.json (smoke: faults-latest-smoke.json).
set -euo pipefail
exec "$(dirname "$0")/harness.sh" faults "$@"
