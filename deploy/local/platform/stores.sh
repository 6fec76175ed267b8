# Local platform: the App Store and Google Play emulator (module store-emulator, decision 0020) on 127.0.0.1:12112.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# It registers no apps: payment-service's tests and services.sh register theirs (bundle id, notification URL).
# shellcheck shell=bash

store_url() { echo "http://127.0.0.1:$STORE_EMULATOR_PORT"; }
store_ready() { curl -sf -o /dev/null --max-time 3 "$(store_url)/_emulator/health"; }
store_running() { pid_alive_with "$STORE_PID" "$STORE_JAR"; }
# Keyed by the module's sources, not the jar, whose bytes vary per build.
store_sources_sum() { (cd "$STORE_MODULE" && find pom.xml src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }
# What the running emulator was started with; a difference means restart.
store_fingerprint() {
  echo "port=$STORE_EMULATOR_PORT jar=$(cat "$STORE_DIR/jar.built" 2>/dev/null) retries=$STORE_DELIVERY_RETRY_DELAYS"
}

# The runnable (uber) jar, built with mvn and copied into .local/ when missing or when the module's sources changed.
store_jar() {
  local want
  want="$(store_sources_sum)"
  if [[ "$(cat "$STORE_DIR/jar.built" 2>/dev/null)" == "$want" && -f "$STORE_JAR" ]]; then
    return 0
  fi
  require_mvn
  mkdir -p "$STORE_DIR"
  log "stores: building store-emulator (mvn package) into .local/store-emulator/$(basename "$STORE_JAR")"
  mvn -B -Dstyle.color=never -f "$STORE_MODULE/pom.xml" package -Dmaven.test.skip=true >"$STORE_DIR/mvn.log" 2>&1 </dev/null 9>&- \
    || die_with_log stores "$STORE_DIR/mvn.log" "building store-emulator failed"
  # A new file (not the running one rewritten): the emulator started from the old copy keeps reading it until restarted.
  cp -f "$STORE_BUILT_JAR" "$STORE_JAR.tmp"
  mv -f "$STORE_JAR.tmp" "$STORE_JAR"
  echo "$want" >"$STORE_DIR/jar.built"
}

# The root the emulator made at start, kept where services.sh reads it (a new file means a restarted emulator).
store_save_root() {
  curl -sf --max-time 5 -o "$STORE_APPLE_ROOT.tmp" "$(store_url)/_emulator/app-store/root-certificate" \
    || die_with_log stores "$STORE_LOG" "the emulator does not serve its App Store root certificate"
  mv -f "$STORE_APPLE_ROOT.tmp" "$STORE_APPLE_ROOT"
}

store_start() {
  require_free_port stores "$STORE_EMULATOR_PORT"
  mkdir -p "$STORE_DIR"
  [[ -f "$STORE_LOG" ]] && mv -f "$STORE_LOG" "$STORE_LOG.prev"
  rm -f "$STORE_APPLE_ROOT"
  log "stores: starting the App Store / Google Play emulator on $(store_url), log .local/store-emulator/store-emulator.log"
  (
    STORE_EMULATOR_PORT="$STORE_EMULATOR_PORT" EMULATOR_DELIVERY_RETRY_DELAYS="$STORE_DELIVERY_RETRY_DELAYS" \
      exec setsid nohup "$JAVA" -Xms32m -Xmx256m -jar "$STORE_JAR" >"$STORE_LOG" 2>&1 </dev/null 9>&-
  ) &
  echo $! >"$STORE_PID"
  store_fingerprint >"$STORE_DIR/running.fingerprint"
  local pid i started=$SECONDS
  pid="$(read_pid "$STORE_PID")"
  for ((i = 0; i < STORE_TIMEOUT * 2; i++)); do
    if store_ready; then
      store_save_root
      log "stores: up (pid $pid, $((SECONDS - started)) s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STORE_PID"
      die_with_log stores "$STORE_LOG" "the store emulator exited during startup"
    fi
    sleep 0.5
  done
  die_with_log stores "$STORE_LOG" "not ready after ${STORE_TIMEOUT}s (pid $pid left running; 'platform.sh down' stops it)"
}

stores_up() {
  require_java
  command -v curl >/dev/null 2>&1 || apt_install curl
  store_jar
  if store_running; then
    if [[ "$(cat "$STORE_DIR/running.fingerprint" 2>/dev/null)" != "$(store_fingerprint)" ]]; then
      log "stores: sources, port or delivery settings changed, restarting"
      stores_down
      store_start
      return 0
    fi
    store_ready || die_with_log stores "$STORE_LOG" "running (pid $(read_pid "$STORE_PID")) but $(store_url)/_emulator/health does not answer"
    [[ -s "$STORE_APPLE_ROOT" ]] || store_save_root
    log "stores: already up on $(store_url) (pid $(read_pid "$STORE_PID"))"
  else
    rm -f "$STORE_PID"
    store_start
  fi
}

stores_down() { stop_pid stores "$STORE_PID" "$STORE_JAR" 15; }

stores_status() {
  if store_running && store_ready; then
    printf '%-9s up    %s  (pid %s, App Store root in .local/store-emulator/app-store-root.pem, log .local/store-emulator/store-emulator.log)\n' \
      stores "$(store_url)" "$(read_pid "$STORE_PID")"
  else
    printf '%-9s down  %s\n' stores "$(store_url)"
    return 1
  fi
}
