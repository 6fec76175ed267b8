#!/usr/bin/env bash
# The benchmark harness (bench/harness, a picocli command line): builds it when its sources changed, makes private
# copies of the services a command needs, then runs the command. bench/run.sh is `harness.sh bench`, bench/faults.sh
# is `harness.sh faults`. Commands (bench/README.md; `bash bench/harness.sh help <command>` lists the options):
#   bench [--smoke] [--rebuild-events N]   every benchmark, then every fault scenario
#   faults [--smoke]                       the fault scenarios only
#   gets [--smoke]                         only the wrk GET loads (trivial GET, playback, series page)
#   visible [--unlocks N] [--warmup N]     only purchase → unlock visible
#   insights [--insights-events N]         only insights-service: the events/s its Kafka Streams funnel sustains over a
#                                          day of synthetic viewing and payment events next to a raw read of them; its
#                                          own copy (.local/bench/apps-insights), port 9186, scratch topics
#   rebuild [--rebuild-events N]           only the rebuild: its own entitlement-service copy (.local/bench/apps-rebuild),
#                                          port 9185 and database entitlements_bench_rb, so it can run beside a full run
#   soak [--minutes 10] [--seed N] [--viewers N] [--smoke]
#                                          mixed traffic under a seeded random fault schedule (bench/soak.sh); kills and
#                                          restarts the shared broker, PostgreSQL and Keycloak
#   report                                 bench/RESULTS.md from bench/results/latest.json
#   compact-history                        fold result files in bench/results/ into history.jsonl
# --refresh-apps (any measuring command) copies the services' target/quarkus-app again first.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mode="${1:-help}"; shift || true
args=()
refresh=false
for a in "$@"; do
  case "$a" in
    --refresh-apps) refresh=true ;;
    *) args+=("$a") ;;
  esac
done

if [[ "$mode" == report || "$mode" == compact-history || "$mode" == help || "$mode" == -* ]]; then
  # files only: no platform, no services
  SERVICES=()
elif [[ "$mode" == insights ]]; then
  # No wrk and no other service: scratch topics of its own on the shared broker.
  APPS=".local/bench/apps-insights"
  SERVICES=(insights-service)
elif [[ "$mode" == rebuild ]]; then
  # No wrk and no other service; the platform is checked by reaching Kafka and PostgreSQL from the harness.
  APPS=".local/bench/apps-rebuild"
  SERVICES=(entitlement-service)
else
  APPS=".local/bench/apps"
  SERVICES=(payment-service entitlement-service catalog-service)
  if ! command -v wrk >/dev/null; then
    echo "[bench] installing wrk (apt-get)"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  bash deploy/local/platform.sh status >/dev/null 2>&1 || { echo "[bench] the platform is not up: bash deploy/local/platform.sh up" >&2; exit 1; }
  # the services of up.sh / mvn verify (8081-8083) read the same topics: they take the bench's events and CPU
  for pidfile in .local/services/*.pid; do
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "[bench] WARNING: $(basename "$pidfile" .pid) from deploy/local/services.sh is running; it consumes the" \
        "bench's events and CPU, so the numbers will be disturbed. Stop them first: bash deploy/local/services.sh down" >&2
    fi
  done
fi

HARNESS="bench/harness/target/bench-harness.jar"
if [[ ! -f "$HARNESS" || -n "$(find bench/harness/src bench/harness/pom.xml -newer "$HARNESS" -print -quit)" ]]; then
  echo "[bench] building the harness"
  # from the root, so the modules it depends on are built in the same reactor (nothing needs to be installed)
  mvn -B -q -Dplatform.skip=true -pl bench/harness -am package -DskipTests
fi

# Other engineers rebuild the services' target/ folders while we run: run copies, with the AOT cache services.sh
# trains for each build (docs/decisions/0032-java-25-aot-cache.md). cp -a keeps the jars' times, which the JVM checks
# before it takes the cache.
copies=()
for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
  if $refresh || [[ ! -f "$APPS/$svc/quarkus-run.jar" || ! -f "$APPS/$svc/app.aot" ]]; then
    [[ -f "$svc/target/quarkus-app/quarkus-run.jar" ]] || { echo "[bench] $svc is not packaged: mvn -pl $svc package" >&2; exit 1; }
    copies+=("$svc")
  fi
done
if (( ${#copies[@]} > 0 )); then
  bash deploy/local/services.sh aot-cache "${copies[@]}"
  for svc in "${copies[@]}"; do
    echo "[bench] copying $svc/target/quarkus-app to $APPS/$svc"
    rm -rf "${APPS:?}/$svc"; mkdir -p "$APPS"; cp -a "$svc/target/quarkus-app" "$APPS/$svc"
  done
fi
mkdir -p .local/bench/logs

exec java -Xmx512m -Xlog:gc:file=.local/bench/logs/harness-gc.log:time,uptime ${BENCH_JAVA_OPTS:-} -Dbench.root="$ROOT" -cp "$HARNESS:bench/harness/target/lib/*" com.microdrama.bench.Main "$mode" ${args[@]+"${args[@]}"}
