#!/usr/bin/env bash
# Stops the services and the platform that up.sh started (data stays in .local/ for the next up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/deploy/local/observe.sh" down
bash "$ROOT/deploy/local/services.sh" down
bash "$ROOT/deploy/local/platform.sh" down
