# Local platform: the Stripe API emulator (module stripe-emulator, decision 0016) on 127.0.0.1:12111.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# Stripe emulator
# ---------------------------------------------------------------------------------------------------------------
stripe_url() { echo "http://127.0.0.1:$STRIPE_EMULATOR_PORT"; }
stripe_ready() { curl -sf -o /dev/null --max-time 3 "$(stripe_url)/_emulator/health"; }
stripe_running() { pid_alive_with "$STRIPE_PID" "$STRIPE_JAR"; }
# Keyed by the module's sources, not the jar, whose bytes vary per build (as keycloak.sh does for its providers).
stripe_sources_sum() { (cd "$STRIPE_MODULE" && find pom.xml src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }
# What the running emulator was started with; a difference means restart.
stripe_fingerprint() {
  echo "port=$STRIPE_EMULATOR_PORT jar=$(cat "$STRIPE_DIR/jar.built" 2>/dev/null) webhook=$STRIPE_WEBHOOK_URL" \
    "retries=$STRIPE_WEBHOOK_RETRY_DELAYS secrets=$(secrets_value STRIPE_API_KEY | sha256sum | cut -c1-16)/$(secrets_value STRIPE_WEBHOOK_SECRET | sha256sum | cut -c1-16)"
}

# The runnable (uber) jar, built with mvn and copied into .local/ when missing or when the module's sources changed.
stripe_jar() {
  local want
  want="$(stripe_sources_sum)"
  if [[ "$(cat "$STRIPE_DIR/jar.built" 2>/dev/null)" == "$want" && -f "$STRIPE_JAR" ]]; then
    return 0
  fi
  require_mvn
  mkdir -p "$STRIPE_DIR"
  log "stripe: building stripe-emulator (mvn package) into .local/stripe-emulator/$(basename "$STRIPE_JAR")"
  mvn -B -Dstyle.color=never -f "$STRIPE_MODULE/pom.xml" package -DskipTests >"$STRIPE_DIR/mvn.log" 2>&1 </dev/null 9>&- \
    || die_with_log stripe "$STRIPE_DIR/mvn.log" "building stripe-emulator failed"
  # A new file (not the running one rewritten): the emulator started from the old copy keeps reading it until restarted.
  cp -f "$STRIPE_BUILT_JAR" "$STRIPE_JAR.tmp"
  mv -f "$STRIPE_JAR.tmp" "$STRIPE_JAR"
  echo "$want" >"$STRIPE_DIR/jar.built"
}

stripe_start() {
  require_free_port stripe "$STRIPE_EMULATOR_PORT"
  mkdir -p "$STRIPE_DIR"
  [[ -f "$STRIPE_LOG" ]] && mv -f "$STRIPE_LOG" "$STRIPE_LOG.prev"
  log "stripe: starting the emulator on $(stripe_url), webhooks to $STRIPE_WEBHOOK_URL, log .local/stripe-emulator/stripe-emulator.log"
  (
    # Only the emulator gets these: the key clients must send and the signing secret payment-service verifies with.
    secrets_load STRIPE_API_KEY STRIPE_WEBHOOK_SECRET || exit 1
    STRIPE_EMULATOR_PORT="$STRIPE_EMULATOR_PORT" STRIPE_WEBHOOK_URL="$STRIPE_WEBHOOK_URL" \
      EMULATOR_WEBHOOK_RETRY_DELAYS="$STRIPE_WEBHOOK_RETRY_DELAYS" \
      exec setsid nohup "$JAVA" -Xms32m -Xmx256m -jar "$STRIPE_JAR" >"$STRIPE_LOG" 2>&1 </dev/null 9>&-
  ) &
  echo $! >"$STRIPE_PID"
  stripe_fingerprint >"$STRIPE_DIR/running.fingerprint"
  local pid i started=$SECONDS
  pid="$(read_pid "$STRIPE_PID")"
  for ((i = 0; i < STRIPE_TIMEOUT * 2; i++)); do
    if stripe_ready; then
      log "stripe: up (pid $pid, $((SECONDS - started)) s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STRIPE_PID"
      die_with_log stripe "$STRIPE_LOG" "the Stripe emulator exited during startup"
    fi
    sleep 0.5
  done
  die_with_log stripe "$STRIPE_LOG" "not ready after ${STRIPE_TIMEOUT}s (pid $pid left running; 'platform.sh down' stops it)"
}

stripe_up() {
  require_java
  command -v curl >/dev/null 2>&1 || apt_install curl
  stripe_jar
  if stripe_running; then
    if [[ "$(cat "$STRIPE_DIR/running.fingerprint" 2>/dev/null)" != "$(stripe_fingerprint)" ]]; then
      log "stripe: sources, secrets, port or webhook settings changed, restarting"
      stripe_down
      stripe_start
      return 0
    fi
    stripe_ready || die_with_log stripe "$STRIPE_LOG" "running (pid $(read_pid "$STRIPE_PID")) but $(stripe_url)/_emulator/health does not answer"
    log "stripe: already up on $(stripe_url) (pid $(read_pid "$STRIPE_PID"))"
  else
    rm -f "$STRIPE_PID"
    stripe_start
  fi
}

stripe_down() { stop_pid stripe "$STRIPE_PID" "$STRIPE_JAR" 15; }

stripe_status() {
  if stripe_running && stripe_ready; then
    printf '%-9s up    %s  (pid %s, webhooks to %s, log .local/stripe-emulator/stripe-emulator.log)\n' \
      stripe "$(stripe_url)" "$(read_pid "$STRIPE_PID")" "$STRIPE_WEBHOOK_URL"
  else
    printf '%-9s down  %s\n' stripe "$(stripe_url)"
    return 1
  fi
}
