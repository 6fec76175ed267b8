# Local platform: settings and the helpers every component uses.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# Settings (override with environment variables)
# ---------------------------------------------------------------------------------------------------------------
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"

PG_PORT="${PG_PORT:-5432}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
PAYMENT_PORT="${PAYMENT_PORT:-8081}"
ENTITLEMENT_PORT="${ENTITLEMENT_PORT:-8082}"
CATALOG_PORT="${CATALOG_PORT:-8083}"
INSIGHTS_PORT="${INSIGHTS_PORT:-8084}"
# Stripe API emulator (stripe-mock's conventional port) and where it delivers webhooks: payment-service's endpoint.
STRIPE_EMULATOR_PORT="${STRIPE_EMULATOR_PORT:-12111}"
STRIPE_WEBHOOK_URL="${STRIPE_WEBHOOK_URL:-http://127.0.0.1:$PAYMENT_PORT/api/payments/webhooks/stripe}"
# Stripe retries failed deliveries for up to 3 days; locally the same backoff, shortened.
STRIPE_WEBHOOK_RETRY_DELAYS="${STRIPE_WEBHOOK_RETRY_DELAYS:-2s,10s,30s,2m,10m}"
# App Store and Google Play emulator, next to Stripe's port. Apple retries a notification after 1, 12, 24, 48 and
# 72 hours; locally the same count, shortened.
STORE_EMULATOR_PORT="${STORE_EMULATOR_PORT:-12112}"
STORE_DELIVERY_RETRY_DELAYS="${STORE_DELIVERY_RETRY_DELAYS:-2s,10s,30s,2m,10m}"

# Readiness timeouts in seconds. Keycloak's very first start includes a ~30 s build (augmentation).
PG_TIMEOUT="${PG_TIMEOUT:-60}"
KAFKA_TIMEOUT="${KAFKA_TIMEOUT:-90}"
KEYCLOAK_TIMEOUT="${KEYCLOAK_TIMEOUT:-300}"
GATEWAY_TIMEOUT="${GATEWAY_TIMEOUT:-20}"
STRIPE_TIMEOUT="${STRIPE_TIMEOUT:-60}"
STORE_TIMEOUT="${STORE_TIMEOUT:-60}"

# Gateway policy (deploy/gateway/README.md). Rates are requests per second (integers); bursts are how many
# requests over the rate are queued before 429; half of a burst passes without delay.
GATEWAY_CORS_ORIGINS="${GATEWAY_CORS_ORIGINS:-http://127.0.0.1:3000 http://localhost:3000}"
GATEWAY_RATE_PER_IP="${GATEWAY_RATE_PER_IP:-20}"
GATEWAY_BURST_PER_IP="${GATEWAY_BURST_PER_IP:-40}"
GATEWAY_RATE_PER_TOKEN="${GATEWAY_RATE_PER_TOKEN:-10}"
GATEWAY_BURST_PER_TOKEN="${GATEWAY_BURST_PER_TOKEN:-20}"
GATEWAY_RATE_WRITES_PER_IP="${GATEWAY_RATE_WRITES_PER_IP:-10}"
GATEWAY_BURST_WRITES_PER_IP="${GATEWAY_BURST_WRITES_PER_IP:-20}"
GATEWAY_CONN_PER_IP="${GATEWAY_CONN_PER_IP:-200}"
GATEWAY_MAX_FAILS="${GATEWAY_MAX_FAILS:-3}"
GATEWAY_FAIL_TIMEOUT="${GATEWAY_FAIL_TIMEOUT:-10s}"
# Optional second instance per service (empty = none), e.g. PAYMENT_REPLICA_PORT=8091.
CATALOG_REPLICA_PORT="${CATALOG_REPLICA_PORT:-}"
PAYMENT_REPLICA_PORT="${PAYMENT_REPLICA_PORT:-}"
ENTITLEMENT_REPLICA_PORT="${ENTITLEMENT_REPLICA_PORT:-}"

KEYCLOAK_VERSION="26.5.5"
KEYCLOAK_REALM="microdrama"
DB_ROLE="microdrama"
DB_PASSWORD="microdrama"
DATABASES=(payments entitlements catalog payments_test entitlements_test catalog_test)
MAVEN_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

KAFKA_SRC="$SCRIPT_DIR/kafka"
TOPICS_CONF="$SCRIPT_DIR/topics.conf"
REALM_FILE="$REPO_ROOT/deploy/keycloak/microdrama-realm.json"
GATEWAY_TEMPLATE="$REPO_ROOT/deploy/gateway/nginx.conf"
KC_EXTENSIONS="$REPO_ROOT/keycloak-extensions"
KC_EXTENSIONS_JAR="microdrama-keycloak-extensions.jar"
# shellcheck source=deploy/local/secrets.sh
source "$SCRIPT_DIR/secrets.sh"

DOWNLOADS_DIR="$LOCAL_DIR/downloads"
PG_DIR="$LOCAL_DIR/postgres"
KAFKA_DIR="$LOCAL_DIR/kafka"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KC_DIR="$LOCAL_DIR/keycloak"
KC_HOME="$KC_DIR/keycloak-$KEYCLOAK_VERSION"
KC_LOG="$KC_DIR/keycloak.log"
KC_PID="$KC_DIR/keycloak.pid"
GW_DIR="$LOCAL_DIR/gateway"
GW_CONF="$GW_DIR/nginx.conf"
GW_PID="$GW_DIR/nginx.pid"
GW_LOG="$GW_DIR/logs/error.log"
STRIPE_MODULE="$REPO_ROOT/stripe-emulator"
STRIPE_BUILT_JAR="$STRIPE_MODULE/target/stripe-emulator-1.0.0-SNAPSHOT-runner.jar"
STRIPE_DIR="$LOCAL_DIR/stripe-emulator"
# The emulator runs from a copy: a build of the module rewriting target/ must not pull the jar from under it.
STRIPE_JAR="$STRIPE_DIR/stripe-emulator.jar"
STRIPE_LOG="$STRIPE_DIR/stripe-emulator.log"
STRIPE_PID="$STRIPE_DIR/stripe-emulator.pid"
STRIPE_NAMESPACE_FILE="$STRIPE_DIR/id-namespace"
STORE_MODULE="$REPO_ROOT/store-emulator"
STORE_BUILT_JAR="$STORE_MODULE/target/store-emulator-1.0.0-SNAPSHOT-runner.jar"
STORE_DIR="$LOCAL_DIR/store-emulator"
# Run from a copy, as the Stripe emulator is.
STORE_JAR="$STORE_DIR/store-emulator.jar"
STORE_LOG="$STORE_DIR/store-emulator.log"
STORE_PID="$STORE_DIR/store-emulator.pid"
# The App Store root the running emulator signs under (made at each start); services.sh trusts it in payment-service.
STORE_APPLE_ROOT="$STORE_DIR/app-store-root.pem"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------
log() { printf '[platform] %s\n' "$*"; }
warn() { printf '[platform] WARNING: %s\n' "$*" >&2; }
die() { printf '[platform] ERROR: %s\n' "$*" >&2; exit 1; }

# die_with_log <component> <logfile> <message>: fail loudly with the tail of the component's log.
die_with_log() {
  local component="$1" logfile="$2" msg="$3"
  printf '[platform] ERROR: %s: %s\n' "$component" "$msg" >&2
  if [[ -f "$logfile" ]]; then
    printf '[platform] ---- last 60 lines of %s ----\n' "$logfile" >&2
    tail -n 60 "$logfile" >&2 || true
    printf '[platform] ---- end of %s ----\n' "$logfile" >&2
  fi
  exit 1
}

checksum() { cat "$@" | sha256sum | cut -d' ' -f1; }

# port_open <port>: something accepts TCP connections on 127.0.0.1:<port>.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# port_owner <port>: describe the listener on <port> (best effort).
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed 's/^/    /' || true
  fi
}

# pid_alive_with <pidfile> <marker>: the pid in <pidfile> is alive and its command line contains <marker>.
# That is how we tell our own processes from anything else (never kill by name).
pid_alive_with() {
  local pidfile="$1" marker="$2" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

read_pid() { tr -dc '0-9' <"$1"; }

# stop_pid <name> <pidfile> <marker> <seconds>: SIGTERM our process, wait, SIGKILL as a last resort.
stop_pid() {
  local name="$1" pidfile="$2" marker="$3" timeout="$4" pid i
  if ! pid_alive_with "$pidfile" "$marker"; then
    log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  pid="$(read_pid "$pidfile")"
  log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name: pid $pid still alive after ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

# require_free_port <component> <port> <logfile>: refuse to start when someone else listens on the port.
require_free_port() {
  local component="$1" port="$2"
  if port_open "$port"; then
    printf '[platform] ERROR: %s: port 127.0.0.1:%s is already taken by a process that is not ours:\n' "$component" "$port" >&2
    port_owner "$port" >&2
    printf '[platform] Stop it or choose another port (see deploy/local/README.md for the *_PORT variables).\n' >&2
    exit 1
  fi
}

# render <template> <output> NAME...: replace ${NAME} placeholders with the values of those shell variables.
render() {
  local template="$1" output="$2" name value expr=()
  shift 2
  for name in "$@"; do
    value="${!name}"
    value="${value//\\/\\\\}"
    value="${value//|/\\|}"
    value="${value//&/\\&}"
    expr+=(-e "s|\\\${$name}|$value|g")
  done
  sed "${expr[@]}" "$template" >"$output.tmp"
  mv -f "$output.tmp" "$output"
}

have_root() { [[ "$(id -u)" == 0 ]]; }

# apt_install <package>...: install Debian packages without letting their maintainer scripts start services.
APT_UPDATED=0
apt_install() {
  local sudo=""
  if ! have_root; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
    sudo="sudo"
  fi
  log "installing Debian package(s): $* (apt-get)"
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e "$policy" ]]; then
    # Keep e.g. nginx's postinst from starting the Debian default site on port 80.
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    created_policy=1
  fi
  local rc=0
  if [[ "$APT_UPDATED" == 0 ]]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q || rc=$?
    APT_UPDATED=1
  fi
  if [[ "$rc" == 0 ]]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" || rc=$?
  fi
  if [[ "$created_policy" == 1 ]]; then
    $sudo rm -f "$policy"
  fi
  [[ "$rc" == 0 ]] || die "apt-get install $* failed (exit $rc)"
}

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17+, e.g. apt-get install -y openjdk-17-jdk-headless)"
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install -y maven)"
}

# emulator_jar <component> <module dir> <built jar> <run jar> <state dir>: the module's runnable (uber) jar, built with
# mvn and copied to <run jar> when missing or when the module's sources changed (keyed by the sources, not the jar,
# whose bytes vary per build). The emulators run from the copy, so a build of the module cannot pull the jar from
# under the running process: the old copy stays readable until it is restarted.
emulator_jar() {
  local component="$1" module="$2" built="$3" jar="$4" dir="$5" want
  want="$( (cd "$module" && find pom.xml src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1))"
  if [[ "$(cat "$dir/jar.built" 2>/dev/null)" == "$want" && -f "$jar" ]]; then
    return 0
  fi
  require_mvn
  mkdir -p "$dir"
  log "$component: building $(basename "$module") (mvn package) into ${dir#"$REPO_ROOT"/}/$(basename "$jar")"
  mvn -B -Dstyle.color=never -f "$module/pom.xml" package -Dmaven.test.skip=true >"$dir/mvn.log" 2>&1 </dev/null 9>&- \
    || die_with_log "$component" "$dir/mvn.log" "building $(basename "$module") failed"
  cp -f "$built" "$jar.tmp"
  mv -f "$jar.tmp" "$jar"
  echo "$want" >"$dir/jar.built"
}

# emulator_up <component> <prefix> <state dir> <pid file> <log>: builds an emulator's jar when needed, then starts the
# emulator, restarts it when it runs with other sources or settings than it would be started with now (<prefix>_fingerprint
# against <state dir>/running.fingerprint), or checks that it answers. Uses the component's <prefix>_jar, _running,
# _start, _fingerprint, _ready, _url and <component>_down.
emulator_up() {
  local component="$1" prefix="$2" dir="$3" pidfile="$4" logfile="$5"
  require_java
  command -v curl >/dev/null 2>&1 || apt_install curl
  "${prefix}_jar"
  if ! "${prefix}_running"; then
    rm -f "$pidfile"
    "${prefix}_start"
  elif [[ "$(cat "$dir/running.fingerprint" 2>/dev/null)" != "$("${prefix}_fingerprint")" ]]; then
    log "$component: sources or settings (port, secrets, webhooks, retries) changed, restarting"
    "${component}_down"
    "${prefix}_start"
  else
    "${prefix}_ready" || die_with_log "$component" "$logfile" "running (pid $(read_pid "$pidfile")) but $("${prefix}_url")/_emulator/health does not answer"
    log "$component: already up on $("${prefix}_url") (pid $(read_pid "$pidfile"))"
  fi
}

# await_start <component> <pid file> <log> <timeout s> <ready command>: waits until the process just started answers
# <ready command>; fails with its log when it exits first or is not ready in time (then it is left running).
await_start() {
  local component="$1" pidfile="$2" logfile="$3" timeout="$4" ready="$5" pid i started=$SECONDS
  pid="$(read_pid "$pidfile")"
  for ((i = 0; i < timeout * 2; i++)); do
    if "$ready"; then
      log "$component: up (pid $pid, $((SECONDS - started)) s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      die_with_log "$component" "$logfile" "exited during startup"
    fi
    sleep 0.5
  done
  die_with_log "$component" "$logfile" "not ready after ${timeout}s (pid $pid left running; 'platform.sh down' stops it)"
}
