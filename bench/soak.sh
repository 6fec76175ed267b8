#!/usr/bin/env bash
# The soak under random faults only: mixed traffic from many viewers while a seeded schedule kills and restarts each
# service copy, the Kafka broker, PostgreSQL and Keycloak and delays the network; prints the schedule and its seed.
#   bench/soak.sh [--minutes 10] [--seed N] [--viewers 300] [--workers 6] [--smoke] [--refresh-apps]
# It breaks the shared platform: nothing else should use it meanwhile. See bench/README.md.
set -euo pipefail
exec "$(dirname "$0")/harness.sh" soak "$@"
