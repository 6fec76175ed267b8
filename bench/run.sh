#!/usr/bin/env bash
# Benchmarks (playback, series page, purchase→unlock visible, Stripe checkout → coins and a webhook burst, rebuild,
# RSS, start time) followed by the fault scenarios, against the local platform (its Stripe emulator included), with
# the bench's own copies of the three services on ports 9181-9184.
#   bench/run.sh            full run  (wrk -d10s, 1,000 unlocks, 200 checkouts, 1,000 webhook events, 1,000,000
#                           rebuild events, Kafka broker restart)
#   bench/run.sh --smoke    quick run (wrk -d2s, 20 unlocks, 10 checkouts, 100 webhook events, 1,000 rebuild events,
#                           no broker restart)
#   bench/run.sh --rebuild-events N   a smaller rebuild
#   bench/run.sh --refresh-apps   copy the services' target/quarkus-app again before running
# Results: bench/results/latest.json, bench/RESULTS.md and a line in bench/results/history.jsonl; the full file in
# .local/bench/results/ (smoke: .local/bench/results/latest-smoke.json only). See bench/README.md.
set -euo pipefail
exec "$(dirname "$0")/harness.sh" bench "$@"
