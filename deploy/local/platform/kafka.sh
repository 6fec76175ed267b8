# Local platform: Apache Kafka (KRaft, one node) and the topics of topics.conf.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------------------------
# The SASL_PLAINTEXT/SCRAM-SHA-512 listener (server.properties), next to the plaintext KAFKA_PORT that stays as it is.
KAFKA_SCRAM_PORT="${KAFKA_SCRAM_PORT:-9094}"
# Its one user; the password is OPS_KAFKA_PASSWORD of .local/secrets.env (secrets.sh), as test-support reads it.
KAFKA_SCRAM_USER=ops-cli

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
  render "$KAFKA_SRC/server.properties" "$KAFKA_DIR/server.properties" KAFKA_PORT KAFKA_SCRAM_PORT KAFKA_CONTROLLER_PORT \
    KAFKA_LOG_DIRS
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


# The cluster id of the broker's formatted storage (empty before the first format).
kafka_cluster_id() { sed -n 's/^cluster\.id=//p' "$KAFKA_DATA/meta.properties" 2>/dev/null || true; }

kafka_start() {
  require_free_port kafka "$KAFKA_PORT"
  require_free_port kafka "$KAFKA_SCRAM_PORT"
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

# The SCRAM user of the SASL_PLAINTEXT listener: KRaft keeps SCRAM credentials in the cluster metadata, so they are set
# once per storage (and again when the password changes) through the plaintext listener, with the password in a
# mode-600 file rather than on a command line.
kafka_scram_users() {
  local stamp="$KAFKA_DIR/scram.applied" password want file="$KAFKA_DIR/scram-user.properties"
  password="$(secrets_value OPS_KAFKA_PASSWORD)" || die "kafka: no OPS_KAFKA_PASSWORD in .local/secrets.env"
  want="$({ printf '%s\n' "$KAFKA_SCRAM_USER" "$password"; cat "$KAFKA_DATA/meta.properties"; } | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "kafka: SCRAM-SHA-512 user $KAFKA_SCRAM_USER for the SASL_PLAINTEXT listener 127.0.0.1:$KAFKA_SCRAM_PORT"
  # In a file, the value is without the brackets --add-config wants (ConfigCommand rejects them there).
  (umask 077 && printf 'SCRAM-SHA-512=iterations=4096,password=%s\n' "$password" >"$file")
  if ! kafka_tool kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --alter --entity-type users \
    --entity-name "$KAFKA_SCRAM_USER" --add-config-file "$file" >"$KAFKA_DIR/scram.log" 2>&1; then
    rm -f "$file"
    # its error message quotes the credential line
    sed -i "s|$password|<hidden>|g" "$KAFKA_DIR/scram.log"
    die_with_log kafka "$KAFKA_DIR/scram.log" "creating the SCRAM user failed"
  fi
  rm -f "$file"
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
  kafka_scram_users
}

kafka_down() { stop_pid kafka "$KAFKA_PID" "$(kafka_marker)" 30; }

kafka_status() {
  if kafka_running && port_open "$KAFKA_PORT"; then
    printf '%-9s up    127.0.0.1:%s  (SCRAM 127.0.0.1:%s, controller 127.0.0.1:%s, pid %s, log .local/kafka/kafka.log)\n' \
      kafka "$KAFKA_PORT" "$KAFKA_SCRAM_PORT" "$KAFKA_CONTROLLER_PORT" "$(read_pid "$KAFKA_PID")"
  elif port_open "$KAFKA_PORT"; then
    printf '%-9s down  127.0.0.1:%s  (port answers, but not a broker started by platform.sh)\n' kafka "$KAFKA_PORT"
    return 1
  else
    printf '%-9s down  127.0.0.1:%s\n' kafka "$KAFKA_PORT"
    return 1
  fi
}
