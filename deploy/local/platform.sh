#!/usr/bin/env bash
# Local platform of the micro-drama backend, as real local processes (no containers):
#   PostgreSQL (system server, databases + role), Apache Kafka (KRaft, one node), Keycloak (realm microdrama),
#   nginx API gateway, Stripe API emulator, App Store / Google Play emulator.
# Usage: deploy/local/platform.sh up|down|status|restart|topics
# Everything it downloads, writes and logs lives under <repo>/.local/ (git-ignored). See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# One file per component; common.sh holds the settings (environment variables) and shared helpers.
# shellcheck source=deploy/local/platform/common.sh
source "$SCRIPT_DIR/platform/common.sh"
# shellcheck source=deploy/local/platform/postgres.sh
source "$SCRIPT_DIR/platform/postgres.sh"
# shellcheck source=deploy/local/platform/kafka.sh
source "$SCRIPT_DIR/platform/kafka.sh"
# shellcheck source=deploy/local/platform/keycloak.sh
source "$SCRIPT_DIR/platform/keycloak.sh"
# shellcheck source=deploy/local/platform/gateway.sh
source "$SCRIPT_DIR/platform/gateway.sh"
# shellcheck source=deploy/local/platform/stripe.sh
source "$SCRIPT_DIR/platform/stripe.sh"
# shellcheck source=deploy/local/platform/stores.sh
source "$SCRIPT_DIR/platform/stores.sh"

# ---------------------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------------------
lock() {
  mkdir -p "$LOCAL_DIR"
  exec 9>"$LOCAL_DIR/platform.lock"
  if ! flock -n 9; then
    log "another platform.sh is running; waiting for it"
    flock -w 900 9 || die "timed out waiting for .local/platform.lock"
  fi
}

cmd_up() {
  lock
  local started=$SECONDS
  log "up: repo $REPO_ROOT, state in .local/"
  secrets_ensure
  pg_up
  kafka_up
  pg_follow_event_log "$(kafka_cluster_id)"
  kc_up
  gw_up
  stripe_up
  stores_up
  log "up: platform ready in $((SECONDS - started)) s"
}

cmd_down() {
  lock
  stores_down
  stripe_down
  gw_down
  kc_down
  kafka_down
  pg_down
}

cmd_status() {
  local rc=0
  pg_status || rc=1
  kafka_status || rc=1
  kc_status || rc=1
  gw_status || rc=1
  stripe_status || rc=1
  stores_status || rc=1
  return "$rc"
}

cmd_topics() {
  kafka_running || die "kafka is not running (platform.sh up)"
  kafka_tools
  kafka_tool EnsureTopics "127.0.0.1:$KAFKA_PORT" "$TOPICS_CONF" --describe
}

usage() {
  cat <<EOF
usage: $0 up|down|status|restart|topics
  up       start what is not running (PostgreSQL, Kafka, Keycloak, gateway, Stripe and store emulators); fast no-op when all is up
  down     stop the store and Stripe emulators, gateway, Keycloak and Kafka (only processes platform.sh started); a system PostgreSQL is left alone
  status   one line per component; exit code 1 when something is down
  restart  down, then up
  topics   show partitions and configs of the topics in deploy/local/topics.conf (exit 1 on drift)
Ports (env): PG_PORT=$PG_PORT KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT KEYCLOAK_PORT=$KEYCLOAK_PORT
             GATEWAY_PORT=$GATEWAY_PORT PAYMENT_PORT=$PAYMENT_PORT ENTITLEMENT_PORT=$ENTITLEMENT_PORT CATALOG_PORT=$CATALOG_PORT
Gateway (env): GATEWAY_CORS_ORIGINS, GATEWAY_RATE_PER_IP, GATEWAY_BURST_PER_IP, GATEWAY_RATE_PER_TOKEN, GATEWAY_BURST_PER_TOKEN,
             GATEWAY_RATE_WRITES_PER_IP, GATEWAY_BURST_WRITES_PER_IP, GATEWAY_CONN_PER_IP, GATEWAY_MAX_FAILS, GATEWAY_FAIL_TIMEOUT,
             CATALOG_REPLICA_PORT, PAYMENT_REPLICA_PORT, ENTITLEMENT_REPLICA_PORT (see deploy/gateway/README.md)
Stripe emulator (env): STRIPE_EMULATOR_PORT=$STRIPE_EMULATOR_PORT STRIPE_WEBHOOK_URL, STRIPE_WEBHOOK_RETRY_DELAYS (see stripe-emulator/README.md)
Store emulator (env): STORE_EMULATOR_PORT=$STORE_EMULATOR_PORT STORE_DELIVERY_RETRY_DELAYS, STORE_TIMEOUT (see store-emulator/README.md)
EOF
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  restart) cmd_down && cmd_up ;;
  topics) cmd_topics ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
