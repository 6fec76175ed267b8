#!/usr/bin/env bash
# Lints the committed OpenAPI contracts with Redocly's recommended rules (redocly.yaml beside this script).
# Usage, from the repository root: bash docs/openapi/lint.sh   (needs Node.js and npx; fetches @redocly/cli once)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
REDOCLY_CLI_VERSION=2.77.0
command -v npx >/dev/null 2>&1 || { echo "docs/openapi/lint.sh: npx not found; install Node.js 20+ with npm" >&2; exit 1; }
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec npx --yes "@redocly/cli@$REDOCLY_CLI_VERSION" lint --config redocly.yaml \
  payment-service.yaml entitlement-service.yaml catalog-service.yaml insights-service.yaml
