# Local platform: the App Store and Google Play emulator (module store-emulator, decision 0020) on 127.0.0.1:12112.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# It registers no apps: payment-service's tests and services.sh register theirs (bundle id, notification URL).
# shellcheck shell=bash

store_url() { echo "http://127.0.0.1:$STORE_EMULATOR_PORT"; }
store_ready() { curl -sf -o /dev/null --max-time 3 "$(store_url)/_emulator/health"; }
store_running() { pid_alive_with "$STORE_PID" "$STORE_JAR"; }
# What the running emulator was started with; a difference means restart.
store_fingerprint() {
  echo "port=$STORE_EMULATOR_PORT jar=$(cat "$STORE_DIR/jar.built" 2>/dev/null) retries=$STORE_DELIVERY_RETRY_DELAYS"
}

store_jar() { emulator_jar stores "$STORE_MODULE" "$STORE_BUILT_JAR" "$STORE_JAR" "$STORE_DIR"; }

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
  await_start stores "$STORE_PID" "$STORE_LOG" "$STORE_TIMEOUT" store_ready
  store_save_root
}

stores_up() {
  emulator_up stores store "$STORE_DIR" "$STORE_PID" "$STORE_LOG"
  [[ -s "$STORE_APPLE_ROOT" ]] || store_save_root
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
