#!/usr/bin/env bash
# Local platform of the micro-drama backend, as real local processes (no containers):
#   PostgreSQL (system server, databases + role), Apache Kafka (KRaft, one node), Keycloak (realm microdrama),
#   nginx API gateway.
# Usage: deploy/local/platform.sh up|down|status|restart|topics
# Everything it downloads, writes and logs lives under <repo>/.local/ (git-ignored). See deploy/local/README.md.
set -euo pipefail

# ---------------------------------------------------------------------------------------------------------------
# Settings (override with environment variables)
# ---------------------------------------------------------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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

# Readiness timeouts in seconds. Keycloak's very first start includes a ~30 s build (augmentation).
PG_TIMEOUT="${PG_TIMEOUT:-60}"
KAFKA_TIMEOUT="${KAFKA_TIMEOUT:-90}"
KEYCLOAK_TIMEOUT="${KEYCLOAK_TIMEOUT:-300}"
GATEWAY_TIMEOUT="${GATEWAY_TIMEOUT:-20}"

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

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------------------
pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2
  else
    port_open "$PG_PORT"
  fi
}

pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

pg_log_file() {
  local v
  v="$(pg_cluster_version)"
  echo "/var/log/postgresql/postgresql-${v:-X}-main.log"
}

# psql_admin <psql args...>: psql as the postgres superuser; TCP first (trust auth on this kind of machine),
# otherwise over the Unix socket as the postgres OS user (peer auth).
PSQL_MODE="${PLATFORM_PSQL_MODE:-}" # tcp|runuser|su; detected when empty
psql_admin() {
  if [[ -z "$PSQL_MODE" ]]; then
    if psql -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
      PSQL_MODE=tcp
    elif have_root && command -v runuser >/dev/null 2>&1 \
        && runuser -u postgres -- psql -X -w -q -p "$PG_PORT" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
      PSQL_MODE=runuser
    elif have_root && su postgres -s /bin/bash -c "psql -X -w -q -p $PG_PORT -d postgres -tAc 'select 1'" >/dev/null 2>&1; then
      PSQL_MODE=su
    else
      die "postgres: cannot connect as the postgres superuser (tried psql -h 127.0.0.1 -U postgres, and the socket as OS user postgres)"
    fi
  fi
  case "$PSQL_MODE" in
    tcp) psql -X -w -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@" ;;
    runuser) runuser -u postgres -- psql -X -w -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@" ;;
    su)
      local q
      printf -v q '%q ' "$@"
      su postgres -s /bin/bash -c "psql -X -w -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres $q"
      ;;
  esac
}

pg_up() {
  mkdir -p "$PG_DIR"
  if pg_ready; then
    if [[ -f "$PG_DIR/started-by-platform" ]]; then
      log "postgres: up on 127.0.0.1:$PG_PORT (started earlier by platform.sh)"
    else
      log "postgres: using the server already running on 127.0.0.1:$PG_PORT"
    fi
  else
    if [[ -z "$(pg_cluster_version)" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgresql
    fi
    local version
    version="$(pg_cluster_version)"
    [[ -n "$version" ]] || die "postgres: no cluster under /etc/postgresql after installing postgresql"
    if [[ ! -d "/etc/postgresql/$version/main" ]]; then
      log "postgres: creating cluster $version/main"
      pg_createcluster "$version" main
    fi
    if pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
      die_with_log postgres "$(pg_log_file)" "cluster $version/main is running but not answering on 127.0.0.1:$PG_PORT (its port: $(pg_conftool "$version" main show port 2>/dev/null || echo '?'); set PG_PORT accordingly)"
    fi
    log "postgres: starting cluster $version/main (pg_ctlcluster)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start \
      || die_with_log postgres "$(pg_log_file)" "pg_ctlcluster $version main start failed"
    touch "$PG_DIR/started-by-platform"
    local i
    for ((i = 0; i < PG_TIMEOUT * 2; i++)); do
      pg_ready && break
      sleep 0.5
    done
    pg_ready || die_with_log postgres "$(pg_log_file)" \
      "not accepting connections on 127.0.0.1:$PG_PORT after ${PG_TIMEOUT}s (is the cluster's port $PG_PORT? see /etc/postgresql/$version/main/postgresql.conf)"
    log "postgres: up on 127.0.0.1:$PG_PORT"
  fi

  # Role and databases (idempotent, one psql call).
  local sql db
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
    CREATE ROLE $DB_ROLE LOGIN PASSWORD '$DB_PASSWORD';
    RAISE NOTICE 'created role $DB_ROLE';
  END IF;
END \$\$;
"
  for db in "${DATABASES[@]}"; do
    sql+="SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$DB_ROLE') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')
\\gexec
"
  done
  local missing
  missing="$(psql_admin -tA -c "SELECT n FROM unnest(ARRAY[$(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//')]) n
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = n)")" || die "postgres: listing databases failed"
  for db in $missing; do
    log "postgres: creating database $db (owner $DB_ROLE)"
  done
  local out
  out="$(printf '%s' "$sql" | psql_admin -f - 2>&1)" || { printf '%s\n' "$out" >&2; die "postgres: creating role/databases failed"; }
  # Make sure the role can log in with the documented password (cheap; checked before changing anything).
  if ! PGPASSWORD="$DB_PASSWORD" psql -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d payments -tAc 'select 1' >/dev/null 2>&1; then
    log "postgres: setting LOGIN/password of role $DB_ROLE"
    psql_admin -c "ALTER ROLE $DB_ROLE LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null || die "postgres: ALTER ROLE failed"
  fi
  # Databases that existed with another owner.
  local wrong
  wrong="$(psql_admin -tA -c "SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
    WHERE d.datname IN ($(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//')) AND r.rolname <> '$DB_ROLE'")" || die "postgres: checking database owners failed"
  for db in $wrong; do
    log "postgres: giving database $db to $DB_ROLE"
    psql_admin -c "ALTER DATABASE \"$db\" OWNER TO $DB_ROLE" >/dev/null
  done
  if [[ -n "$out" ]]; then
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
  log "postgres: role $DB_ROLE, databases ${DATABASES[*]} ready"
}

pg_down() {
  if [[ -f "$PG_DIR/started-by-platform" ]]; then
    local version
    version="$(pg_cluster_version)"
    log "postgres: stopping cluster $version/main (it was started by platform.sh)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main stop || warn "postgres: pg_ctlcluster stop failed"
    rm -f "$PG_DIR/started-by-platform"
  else
    log "postgres: left running (a pre-existing system server, not started by platform.sh)"
  fi
}

pg_status() {
  if pg_ready; then
    printf '%-9s up    127.0.0.1:%s  (databases: %s; role %s)\n' postgres "$PG_PORT" "${DATABASES[*]}" "$DB_ROLE"
  else
    printf '%-9s down  127.0.0.1:%s\n' postgres "$PG_PORT"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------------------------
kafka_marker() { echo "$KAFKA_DIR/server.properties"; }

kafka_running() { pid_alive_with "$KAFKA_PID" "$(kafka_marker)"; }

kafka_install() {
  local want
  want="$(checksum "$KAFKA_SRC/pom.xml")"
  if [[ -f "$KAFKA_DIR/lib/.complete" && "$(cat "$KAFKA_DIR/lib/.complete")" == "$want" ]]; then
    return 0
  fi
  require_mvn
  log "kafka: resolving broker jars from deploy/local/kafka/pom.xml into .local/kafka/lib (mvn)"
  rm -rf "$KAFKA_DIR/lib.tmp"
  mkdir -p "$KAFKA_DIR"
  mvn -B -Dstyle.color=never -f "$KAFKA_SRC/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_DIR/lib.tmp" -Dmdep.useRepositoryLayout=false >"$KAFKA_DIR/mvn.log" 2>&1 </dev/null 9>&- \
    || die_with_log kafka "$KAFKA_DIR/mvn.log" "mvn dependency:copy-dependencies failed"
  rm -rf "${KAFKA_DIR:?}/lib"
  mv "$KAFKA_DIR/lib.tmp" "$KAFKA_DIR/lib"
  echo "$want" >"$KAFKA_DIR/lib/.complete"
  rm -rf "$KAFKA_DIR/tools"
  log "kafka: $(ls "$KAFKA_DIR/lib"/*.jar | wc -l) jars in .local/kafka/lib"
}

# The topic tool (deploy/local/kafka/EnsureTopics.java), compiled once.
kafka_tools() {
  local want
  want="$(checksum "$KAFKA_SRC/EnsureTopics.java" "$KAFKA_DIR/lib/.complete")"
  if [[ -f "$KAFKA_DIR/tools/.complete" && "$(cat "$KAFKA_DIR/tools/.complete")" == "$want" ]]; then
    return 0
  fi
  log "kafka: compiling EnsureTopics.java"
  rm -rf "$KAFKA_DIR/tools"
  mkdir -p "$KAFKA_DIR/tools"
  "$JAVAC" -nowarn -d "$KAFKA_DIR/tools" -cp "$KAFKA_DIR/lib/*" "$KAFKA_SRC/EnsureTopics.java" 9>&- \
    || die "kafka: compiling EnsureTopics.java failed"
  echo "$want" >"$KAFKA_DIR/tools/.complete"
}

kafka_tool() {
  "$JAVA" -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dkafka.root.loglevel=WARN \
    -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.properties" \
    -cp "$KAFKA_DIR/tools:$KAFKA_DIR/lib/*" "$@" </dev/null 9>&-
}

kafka_render_config() {
  mkdir -p "$KAFKA_DATA"
  # shellcheck disable=SC2034 # used by render (indirect expansion)
  local KAFKA_LOG_DIRS="$KAFKA_DATA"
  render "$KAFKA_SRC/server.properties" "$KAFKA_DIR/server.properties" KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_LOG_DIRS
}

kafka_format() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  if [[ -s "$KAFKA_DIR/cluster.id" ]]; then
    cluster_id="$(cat "$KAFKA_DIR/cluster.id")"
  else
    cluster_id="$(kafka_tool kafka.tools.StorageTool random-uuid | tail -1)"
    echo "$cluster_id" >"$KAFKA_DIR/cluster.id"
  fi
  log "kafka: formatting storage .local/kafka/data (cluster id $cluster_id)"
  kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" --ignore-formatted \
    >"$KAFKA_DIR/format.log" 2>&1 || die_with_log kafka "$KAFKA_DIR/format.log" "storage format failed"
  pg_reset_databases
}

# A new, empty event log: the services' databases hold projections of and positions in the old one (processed
# event ids, consumer positions, published outbox rows), so they start over with it. Set
# PLATFORM_KEEP_DATABASES=true to keep them.
pg_reset_databases() {
  if [[ "${PLATFORM_KEEP_DATABASES:-false}" == true ]]; then
    log "postgres: keeping databases from an earlier event log (PLATFORM_KEEP_DATABASES=true)"
    return 0
  fi
  local db sql=""
  for db in "${DATABASES[@]}"; do
    sql+="DROP DATABASE IF EXISTS \"$db\" WITH (FORCE);
CREATE DATABASE \"$db\" OWNER $DB_ROLE;
"
  done
  log "postgres: new event log, so the databases start empty too: ${DATABASES[*]}"
  local out
  out="$(printf '%s' "$sql" | psql_admin -f - 2>&1)" || { printf '%s\n' "$out" >&2; die "postgres: resetting databases failed"; }
}

kafka_start() {
  require_free_port kafka "$KAFKA_PORT"
  require_free_port kafka "$KAFKA_CONTROLLER_PORT"
  kafka_format
  [[ -f "$KAFKA_LOG" ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.prev"
  log "kafka: starting broker on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), log .local/kafka/kafka.log"
  local started=$SECONDS
  setsid nohup "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.shutdownHookEnabled=false -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.properties" \
    -cp "$KAFKA_DIR/lib/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID"
  checksum "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/server.properties.running"
  local pid i
  pid="$(read_pid "$KAFKA_PID")"
  for ((i = 0; i < KAFKA_TIMEOUT * 5; i++)); do
    if grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null && port_open "$KAFKA_PORT"; then
      log "kafka: up (pid $pid, $((SECONDS - started)) s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PID"
      die_with_log kafka "$KAFKA_LOG" "the broker exited during startup"
    fi
    sleep 0.2
  done
  die_with_log kafka "$KAFKA_LOG" "not ready after ${KAFKA_TIMEOUT}s (pid $pid left running; 'platform.sh down' stops it)"
}

# Topics from topics.conf: skipped when the same topics.conf was applied to this broker's storage and every
# partition directory exists; otherwise one JVM call creates/raises/reconfigures (EnsureTopics.java).
kafka_topics() {
  local stamp="$KAFKA_DIR/topics.applied" want name partitions rest p missing=0
  want="$(checksum "$TOPICS_CONF" "$KAFKA_DATA/meta.properties")"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    while read -r name partitions rest; do
      [[ -z "$name" || "$name" == \#* ]] && continue
      for ((p = 0; p < partitions; p++)); do
        [[ -d "$KAFKA_DATA/$name-$p" ]] || missing=1
      done
    done <"$TOPICS_CONF"
    if [[ "$missing" == 0 ]]; then
      log "kafka: topics up to date ($(grep -vE '^\s*(#|$)' "$TOPICS_CONF" | awk '{print $1}' | paste -sd' '))"
      return 0
    fi
  fi
  kafka_tools
  log "kafka: reconciling topics with deploy/local/topics.conf"
  kafka_tool EnsureTopics "127.0.0.1:$KAFKA_PORT" "$TOPICS_CONF" || die "kafka: creating topics failed"
  echo "$want" >"$stamp"
}

kafka_up() {
  require_java
  mkdir -p "$KAFKA_DIR"
  kafka_install
  kafka_render_config
  if kafka_running; then
    if [[ "$(checksum "$KAFKA_DIR/server.properties")" != "$(cat "$KAFKA_DIR/server.properties.running" 2>/dev/null)" ]]; then
      log "kafka: configuration changed, restarting"
      kafka_down
      kafka_start
    elif port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null; then
      log "kafka: already up on 127.0.0.1:$KAFKA_PORT (pid $(read_pid "$KAFKA_PID"))"
    else
      # Started by a concurrent or interrupted run: wait for it.
      local i
      for ((i = 0; i < KAFKA_TIMEOUT * 5; i++)); do
        grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null && port_open "$KAFKA_PORT" && break
        kafka_running || die_with_log kafka "$KAFKA_LOG" "the broker exited"
        sleep 0.2
      done
      port_open "$KAFKA_PORT" || die_with_log kafka "$KAFKA_LOG" "not ready after ${KAFKA_TIMEOUT}s"
      log "kafka: up on 127.0.0.1:$KAFKA_PORT (pid $(read_pid "$KAFKA_PID"))"
    fi
  else
    rm -f "$KAFKA_PID"
    kafka_start
  fi
  kafka_topics
}

kafka_down() { stop_pid kafka "$KAFKA_PID" "$(kafka_marker)" 30; }

kafka_status() {
  if kafka_running && port_open "$KAFKA_PORT"; then
    printf '%-9s up    127.0.0.1:%s  (controller 127.0.0.1:%s, pid %s, log .local/kafka/kafka.log)\n' \
      kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$(read_pid "$KAFKA_PID")"
  elif port_open "$KAFKA_PORT"; then
    printf '%-9s down  127.0.0.1:%s  (port answers, but not a broker started by platform.sh)\n' kafka "$KAFKA_PORT"
    return 1
  else
    printf '%-9s down  127.0.0.1:%s\n' kafka "$KAFKA_PORT"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Keycloak
# ---------------------------------------------------------------------------------------------------------------
kc_url() { echo "http://127.0.0.1:$KEYCLOAK_PORT"; }
kc_ready_url() { echo "$(kc_url)/realms/$KEYCLOAK_REALM/.well-known/openid-configuration"; }
kc_ready() { curl -sf -o /dev/null --max-time 3 "$(kc_ready_url)"; }
kc_running() { pid_alive_with "$KC_PID" "$KC_HOME"; }
# What the realm import read: the realm file and the secrets its ${...} placeholders take (import only).
kc_import_sum() { checksum "$REALM_FILE" "$LOCAL_SECRETS_FILE"; }
# What the running Keycloak was started with; a difference means restart (and re-import when the import changed).
kc_fingerprint() { echo "port=$KEYCLOAK_PORT import=$(kc_import_sum) providers=$(cat "$KC_DIR/providers.built" 2>/dev/null)"; }

# The realm's user profile names validators of keycloak-extensions, so the jar is built here (the Maven reactor
# builds it only after this validate-phase script) and copied into providers/ when its sources changed; start-dev
# re-augments by itself when providers/ changed. Keyed by the sources, not the jar, whose bytes vary per build.
kc_providers() {
  local want
  want="$(cd "$KC_EXTENSIONS" && find pom.xml src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
  if [[ "$(cat "$KC_DIR/providers.built" 2>/dev/null)" == "$want" && -f "$KC_HOME/providers/$KC_EXTENSIONS_JAR" ]]; then
    return 0
  fi
  require_mvn
  log "keycloak: building keycloak-extensions (mvn package) into providers/$KC_EXTENSIONS_JAR"
  mvn -B -Dstyle.color=never -f "$KC_EXTENSIONS/pom.xml" package -DskipTests >"$KC_DIR/extensions-mvn.log" 2>&1 </dev/null 9>&- \
    || die_with_log keycloak "$KC_DIR/extensions-mvn.log" "building keycloak-extensions failed"
  cp -f "$KC_EXTENSIONS/target/$KC_EXTENSIONS_JAR" "$KC_HOME/providers/$KC_EXTENSIONS_JAR"
  echo "$want" >"$KC_DIR/providers.built"
}

kc_install() {
  if [[ -x "$KC_HOME/bin/kc.sh" && -f "$KC_HOME/.complete" ]]; then
    return 0
  fi
  local zip="$DOWNLOADS_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  mkdir -p "$DOWNLOADS_DIR" "$KC_DIR"
  if [[ ! -s "$zip" ]] || ! unzip -tq "$zip" >/dev/null 2>&1; then
    require_mvn
    log "keycloak: downloading org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip (~165 MB, mvn)"
    rm -f "$zip"
    mvn -B -Dstyle.color=never "$MAVEN_DEPENDENCY_PLUGIN:copy" -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$DOWNLOADS_DIR" >"$KC_DIR/mvn.log" 2>&1 </dev/null 9>&- || die_with_log keycloak "$KC_DIR/mvn.log" "download failed"
  fi
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  log "keycloak: unpacking into .local/keycloak/keycloak-$KEYCLOAK_VERSION"
  rm -rf "$KC_DIR/unpack.tmp" "$KC_HOME"
  mkdir -p "$KC_DIR/unpack.tmp"
  unzip -q "$zip" -d "$KC_DIR/unpack.tmp" || die "keycloak: unzip failed"
  mv "$KC_DIR/unpack.tmp/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"
  rm -rf "$KC_DIR/unpack.tmp"
  touch "$KC_HOME/.complete"
}

kc_start() {
  require_free_port keycloak "$KEYCLOAK_PORT"
  local want realm_sum
  want="$(kc_fingerprint)"
  realm_sum="$(kc_import_sum)"
  # A new bootstrap admin password also needs a new database: Keycloak creates that admin only in an empty one.
  if [[ -d "$KC_HOME/data/h2" && "$(cat "$KC_DIR/realm.imported" 2>/dev/null)" != "$realm_sum" ]]; then
    log "keycloak: realm file or secrets changed since the last import: dropping the dev database (data/h2) to re-import"
    rm -rf "$KC_HOME/data/h2"
  fi
  mkdir -p "$KC_HOME/data/import"
  cp -f "$REALM_FILE" "$KC_HOME/data/import/$KEYCLOAK_REALM-realm.json"
  [[ -f "$KC_LOG" ]] && mv -f "$KC_LOG" "$KC_LOG.prev"
  log "keycloak: starting on $(kc_url) (realm $KEYCLOAK_REALM), log .local/keycloak/keycloak.log"
  local started=$SECONDS
  (
    cd "$KC_HOME"
    # Only Keycloak gets these: the realm import fills its ${...} placeholders from the environment.
    secrets_load KC_ADMIN_PASSWORD CATALOG_CLIENT_SECRET PAYMENT_CLIENT_SECRET ENTITLEMENT_CLIENT_SECRET || exit 1
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
      exec setsid nohup "$KC_HOME/bin/kc.sh" start-dev \
      --http-port="$KEYCLOAK_PORT" --http-host=127.0.0.1 --hostname="$(kc_url)" --import-realm \
      >"$KC_LOG" 2>&1 </dev/null 9>&-
  ) &
  echo $! >"$KC_PID"
  echo "$want" >"$KC_DIR/running.fingerprint"
  local pid i
  pid="$(read_pid "$KC_PID")"
  for ((i = 0; i < KEYCLOAK_TIMEOUT * 2; i++)); do
    if kc_ready; then
      echo "$realm_sum" >"$KC_DIR/realm.imported"
      log "keycloak: up (pid $pid, $((SECONDS - started)) s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KC_PID"
      die_with_log keycloak "$KC_LOG" "Keycloak exited during startup"
    fi
    sleep 0.5
  done
  die_with_log keycloak "$KC_LOG" "realm $KEYCLOAK_REALM not served after ${KEYCLOAK_TIMEOUT}s (pid $pid left running; 'platform.sh down' stops it)"
}

kc_up() {
  require_java
  command -v curl >/dev/null 2>&1 || apt_install curl
  kc_install
  kc_providers
  if kc_running; then
    if [[ "$(cat "$KC_DIR/running.fingerprint" 2>/dev/null)" != "$(kc_fingerprint)" ]]; then
      log "keycloak: realm file, secrets, providers or port changed, restarting"
      kc_down
      kc_start
      return 0
    fi
    local i
    for ((i = 0; i < KEYCLOAK_TIMEOUT * 2; i++)); do
      kc_ready && break
      kc_running || die_with_log keycloak "$KC_LOG" "Keycloak exited"
      [[ "$i" == 0 ]] && log "keycloak: running (pid $(read_pid "$KC_PID")), waiting until it serves the realm"
      sleep 0.5
    done
    kc_ready || die_with_log keycloak "$KC_LOG" "realm $KEYCLOAK_REALM not served after ${KEYCLOAK_TIMEOUT}s"
    kc_import_sum >"$KC_DIR/realm.imported"
    log "keycloak: already up on $(kc_url) (pid $(read_pid "$KC_PID"))"
  else
    rm -f "$KC_PID"
    kc_start
  fi
}

kc_down() { stop_pid keycloak "$KC_PID" "$KC_HOME" 30; }

kc_status() {
  if kc_running && kc_ready; then
    printf '%-9s up    %s/realms/%s  (pid %s, log .local/keycloak/keycloak.log)\n' \
      keycloak "$(kc_url)" "$KEYCLOAK_REALM" "$(read_pid "$KC_PID")"
  elif kc_running; then
    printf '%-9s down  %s/realms/%s  (pid %s running but the realm is not served yet)\n' \
      keycloak "$(kc_url)" "$KEYCLOAK_REALM" "$(read_pid "$KC_PID")"
    return 1
  else
    printf '%-9s down  %s/realms/%s\n' keycloak "$(kc_url)" "$KEYCLOAK_REALM"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Gateway (nginx)
# ---------------------------------------------------------------------------------------------------------------
nginx_bin() {
  if command -v nginx >/dev/null 2>&1; then
    command -v nginx
  elif [[ -x /usr/sbin/nginx ]]; then
    echo /usr/sbin/nginx
  fi
}

gw_running() { pid_alive_with "$GW_PID" "$GW_CONF"; }
gw_ready() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$GATEWAY_PORT/healthz")" == 200 ]]; }
gw_nginx() { "$NGINX" -p "$GW_DIR/" -c "$GW_CONF" -e "$GW_LOG" "$@" </dev/null 9>&-; }

# gw_policy: validate the GATEWAY_* settings and derive the placeholders that are not plain values. Everything
# ends up inside nginx.conf, so anything that is not exactly a number/origin/port is refused (no config injection).
gw_policy() {
  local name origin port var
  for name in GATEWAY_RATE_PER_IP GATEWAY_BURST_PER_IP GATEWAY_RATE_PER_TOKEN GATEWAY_BURST_PER_TOKEN \
      GATEWAY_RATE_WRITES_PER_IP GATEWAY_BURST_WRITES_PER_IP GATEWAY_CONN_PER_IP GATEWAY_MAX_FAILS; do
    [[ "${!name}" =~ ^[1-9][0-9]{0,6}$ ]] || die "gateway: $name must be a positive integer (got '${!name}')"
  done
  [[ "$GATEWAY_FAIL_TIMEOUT" =~ ^[1-9][0-9]{0,4}(ms|s|m)?$ ]] || die "gateway: GATEWAY_FAIL_TIMEOUT must be like 10s (got '$GATEWAY_FAIL_TIMEOUT')"
  GATEWAY_DELAY_PER_IP=$((GATEWAY_BURST_PER_IP / 2))
  GATEWAY_DELAY_PER_TOKEN=$((GATEWAY_BURST_PER_TOKEN / 2))
  GATEWAY_DELAY_WRITES_PER_IP=$((GATEWAY_BURST_WRITES_PER_IP / 2))
  GATEWAY_CORS_ORIGIN_MAP=""
  for origin in ${GATEWAY_CORS_ORIGINS//,/ }; do
    [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$ ]] || die "gateway: GATEWAY_CORS_ORIGINS entry '$origin' is not an origin like https://app.example:3000"
    GATEWAY_CORS_ORIGIN_MAP+="\"$origin\" \"$origin\"; "
  done
  for name in CATALOG PAYMENT ENTITLEMENT; do
    var="${name}_REPLICA_PORT"
    port="${!var}"
    if [[ -z "$port" ]]; then
      printf -v "${name}_REPLICA_SERVER" '%s' ""
    elif [[ "$port" =~ ^[1-9][0-9]{0,4}$ ]]; then
      printf -v "${name}_REPLICA_SERVER" 'server 127.0.0.1:%s max_fails=%s fail_timeout=%s;' "$port" "$GATEWAY_MAX_FAILS" "$GATEWAY_FAIL_TIMEOUT"
    else
      die "gateway: $var must be a port number (got '$port')"
    fi
  done
}

GW_CHANGED=0
gw_render() {
  mkdir -p "$GW_DIR/logs" "$GW_DIR/temp"/{client_body,proxy,fastcgi,uwsgi,scgi}
  # shellcheck disable=SC2034 # used by render (indirect expansion)
  local GATEWAY_DIR="$GW_DIR" NGINX_USER_DIRECTIVE=""
  if have_root; then
    # Workers drop root; they only write the temp dirs (logs are opened by the master).
    local group=nogroup
    getent group nogroup >/dev/null 2>&1 || group=nobody
    # shellcheck disable=SC2034
    NGINX_USER_DIRECTIVE="user nobody $group;"
    chown -R "nobody:$group" "$GW_DIR/temp"
  fi
  gw_policy
  # the geo table standing in for the edge's GeoIP, and the sample HLS files of the media edge (deploy/gateway)
  local MEDIA_DIR="$GW_DIR/media" geo_changed=0
  cmp -s "$REPO_ROOT/deploy/gateway/viewer-country.geo" "$GW_DIR/viewer-country.geo" || geo_changed=1
  cp -f "$REPO_ROOT/deploy/gateway/viewer-country.geo" "$GW_DIR/viewer-country.geo"
  "$REPO_ROOT/deploy/gateway/sample-media.sh" "$MEDIA_DIR"
  render "$GATEWAY_TEMPLATE" "$GW_CONF.new" GATEWAY_DIR MEDIA_DIR NGINX_USER_DIRECTIVE GATEWAY_PORT CATALOG_PORT PAYMENT_PORT ENTITLEMENT_PORT \
    GATEWAY_CORS_ORIGIN_MAP GATEWAY_RATE_PER_IP GATEWAY_BURST_PER_IP GATEWAY_DELAY_PER_IP \
    GATEWAY_RATE_PER_TOKEN GATEWAY_BURST_PER_TOKEN GATEWAY_DELAY_PER_TOKEN \
    GATEWAY_RATE_WRITES_PER_IP GATEWAY_BURST_WRITES_PER_IP GATEWAY_DELAY_WRITES_PER_IP \
    GATEWAY_CONN_PER_IP GATEWAY_MAX_FAILS GATEWAY_FAIL_TIMEOUT \
    CATALOG_REPLICA_SERVER PAYMENT_REPLICA_SERVER ENTITLEMENT_REPLICA_SERVER
  if ! "$NGINX" -t -q -p "$GW_DIR/" -c "$GW_CONF.new" -e "$GW_LOG" </dev/null >"$GW_DIR/logs/config-test.log" 2>&1 9>&-; then
    die_with_log gateway "$GW_DIR/logs/config-test.log" "nginx rejects the configuration rendered from deploy/gateway/nginx.conf"
  fi
  if [[ -f "$GW_CONF" && "$geo_changed" == 0 ]] && cmp -s "$GW_CONF.new" "$GW_CONF"; then
    rm -f "$GW_CONF.new"
    GW_CHANGED=0
  else
    mv -f "$GW_CONF.new" "$GW_CONF"
    GW_CHANGED=1
  fi
}

gw_wait() {
  local i
  for ((i = 0; i < GATEWAY_TIMEOUT * 5; i++)); do
    gw_ready && return 0
    sleep 0.2
  done
  die_with_log gateway "$GW_LOG" "http://127.0.0.1:$GATEWAY_PORT/healthz not answering 200 after ${GATEWAY_TIMEOUT}s"
}

gw_up() {
  command -v curl >/dev/null 2>&1 || apt_install curl
  NGINX="$(nginx_bin)"
  if [[ -z "$NGINX" ]]; then
    apt_install nginx
    NGINX="$(nginx_bin)"
    [[ -n "$NGINX" ]] || die "gateway: nginx still missing after apt-get install"
  fi
  gw_render
  if gw_running; then
    if [[ "$GW_CHANGED" == 1 ]]; then
      local old_port
      old_port="$(cat "$GW_DIR/running.port" 2>/dev/null || true)"
      if [[ "$old_port" != "$GATEWAY_PORT" ]]; then
        log "gateway: port changed, restarting nginx"
        gw_down
        gw_start
        return 0
      fi
      log "gateway: configuration changed, reloading nginx"
      gw_nginx -s reload >>"$GW_DIR/logs/nginx.out" 2>&1 || die_with_log gateway "$GW_LOG" "nginx -s reload failed"
      sleep 0.3
    fi
    gw_wait
    log "gateway: already up on http://127.0.0.1:$GATEWAY_PORT (pid $(read_pid "$GW_PID"))"
  else
    gw_start
  fi
}

gw_start() {
  rm -f "$GW_PID"
  require_free_port gateway "$GATEWAY_PORT"
  log "gateway: starting nginx on http://127.0.0.1:$GATEWAY_PORT (catalog :$CATALOG_PORT, payments :$PAYMENT_PORT, entitlements :$ENTITLEMENT_PORT), logs .local/gateway/logs/"
  gw_nginx >>"$GW_DIR/logs/nginx.out" 2>&1 || die_with_log gateway "$GW_LOG" "nginx failed to start"
  echo "$GATEWAY_PORT" >"$GW_DIR/running.port"
  gw_wait
  log "gateway: up (pid $(read_pid "$GW_PID"))"
}

gw_down() { stop_pid gateway "$GW_PID" "$GW_CONF" 10; }

gw_status() {
  if gw_running && gw_ready; then
    printf '%-9s up    http://127.0.0.1:%s  (pid %s, /api/catalog -> :%s, /api/payments -> :%s, /api/entitlements -> :%s)\n' \
      gateway "$GATEWAY_PORT" "$(read_pid "$GW_PID")" "$CATALOG_PORT" "$PAYMENT_PORT" "$ENTITLEMENT_PORT"
  else
    printf '%-9s down  http://127.0.0.1:%s\n' gateway "$GATEWAY_PORT"
    return 1
  fi
}

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
  kc_up
  gw_up
  log "up: platform ready in $((SECONDS - started)) s"
}

cmd_down() {
  lock
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
  up       start what is not running (PostgreSQL, Kafka, Keycloak, gateway); fast no-op when all is up
  down     stop gateway, Keycloak and Kafka (only processes platform.sh started); a system PostgreSQL is left alone
  status   one line per component; exit code 1 when something is down
  restart  down, then up
  topics   show partitions and configs of the topics in deploy/local/topics.conf (exit 1 on drift)
Ports (env): PG_PORT=$PG_PORT KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT KEYCLOAK_PORT=$KEYCLOAK_PORT
             GATEWAY_PORT=$GATEWAY_PORT PAYMENT_PORT=$PAYMENT_PORT ENTITLEMENT_PORT=$ENTITLEMENT_PORT CATALOG_PORT=$CATALOG_PORT
Gateway (env): GATEWAY_CORS_ORIGINS, GATEWAY_RATE_PER_IP, GATEWAY_BURST_PER_IP, GATEWAY_RATE_PER_TOKEN, GATEWAY_BURST_PER_TOKEN,
             GATEWAY_RATE_WRITES_PER_IP, GATEWAY_BURST_WRITES_PER_IP, GATEWAY_CONN_PER_IP, GATEWAY_MAX_FAILS, GATEWAY_FAIL_TIMEOUT,
             CATALOG_REPLICA_PORT, PAYMENT_REPLICA_PORT, ENTITLEMENT_REPLICA_PORT (see deploy/gateway/README.md)
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
