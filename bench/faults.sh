#!/usr/bin/env bash
# Fault injection only; each scenario ends with a reconciliation (ledger == entitlements, no event lost or applied
# twice). --smoke skips the Kafka broker restart and makes the storms smaller.
# Results: .local/bench/results/faults-<UTC time>.json and a line in bench/results/history.jsonl
# (smoke: .local/bench/results/faults-latest-smoke.json only).
set -euo pipefail
exec "$(dirname "$0")/harness.sh" faults "$@"
