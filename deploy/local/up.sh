#!/usr/bin/env bash
# One command for a fresh machine: platform (PostgreSQL, Kafka, Keycloak, gateway), build if needed, the four
# services, then the user journey. Leaves everything running. Stop with: deploy/local/down.sh
# --observe: also a local Prometheus on 127.0.0.1:9090 scraping the services, with the alert rules (observe.sh).
set -euo pipefail

observe=false
for arg in "$@"; do
  case "$arg" in
    --observe) observe=true ;;
    *) echo "usage: $0 [--observe]" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

echo "== Platform"
bash deploy/local/platform.sh up

echo
echo "== Build"
needs_build=false
for svc in catalog-service payment-service entitlement-service insights-service; do
  jar="$svc/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$svc/src/main" "$svc/pom.xml" event-contracts/src/main pom.xml -newer "$jar" -print -quit)" ]]; then
    needs_build=true
  fi
done
if $needs_build; then
  echo "  building the services (mvn package, tests skipped: 'mvn verify' runs them)"
  mvn -B -q -DskipTests -Dplatform.skip=true package
  restart=restart
else
  echo "  services are up to date"
  restart=up
fi

echo
echo "== Services"
bash deploy/local/services.sh "$restart"

if $observe; then
  echo
  echo "== Prometheus"
  bash deploy/local/observe.sh up
fi

echo
echo "== User journey through the gateway"
bash deploy/local/journey.sh

cat <<INFO

== Running
  Gateway (client apps):   ${GATEWAY_URL:-http://127.0.0.1:${GATEWAY_PORT:-8080}}/api/{catalog,payments,entitlements,insights}/...
  catalog-service:         http://127.0.0.1:${CATALOG_PORT:-8083}/q/openapi
  payment-service:         http://127.0.0.1:${PAYMENT_PORT:-8081}/q/openapi
  entitlement-service:     http://127.0.0.1:${ENTITLEMENT_PORT:-8082}/q/openapi
  insights-service:        http://127.0.0.1:${INSIGHTS_PORT:-8084}/q/openapi  (funnel per series: admin/admin or support/support)
  Keycloak:                http://127.0.0.1:${KEYCLOAK_PORT:-8180}  (console user admin, password KC_ADMIN_PASSWORD in .local/secrets.env; realm microdrama)
  Kafka:                   127.0.0.1:${KAFKA_PORT:-9092}   PostgreSQL: 127.0.0.1:${PG_PORT:-5432} (microdrama/microdrama)
  Secrets:                 .local/secrets.env (random per machine: client secrets, webhook secret, playback key)
  Demo users (realm microdrama, client 'app'): alice/alice, bob/bob (user), admin/admin (admin), support/support
  Get a token:  curl -s http://127.0.0.1:${KEYCLOAK_PORT:-8180}/realms/microdrama/protocol/openid-connect/token \\
                  -d grant_type=password -d client_id=app -d username=alice -d password=alice | jq -r .access_token
  Prometheus (--observe):  http://127.0.0.1:${PROMETHEUS_PORT:-9090}  (targets, alerts; dashboards: deploy/kubernetes/base/observability)
  Logs:         .local/   Status: deploy/local/platform.sh status; deploy/local/services.sh status
  Stop:         deploy/local/down.sh

  The viewer web app:      ${GATEWAY_URL:-http://127.0.0.1:${GATEWAY_PORT:-8080}}/   (sign in as alice/alice, or register)
INFO
