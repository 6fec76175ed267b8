# Local platform: Keycloak (realm microdrama, the keycloak-extensions providers).
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# Keycloak
# ---------------------------------------------------------------------------------------------------------------
kc_url() { echo "http://127.0.0.1:$KEYCLOAK_PORT"; }
kc_ready_url() { echo "$(kc_url)/realms/$KEYCLOAK_REALM/.well-known/openid-configuration"; }
kc_ready() { curl -sf -o /dev/null --max-time 3 "$(kc_ready_url)"; }
kc_running() { pid_alive_with "$KC_PID" "$KC_HOME"; }
# What the realm import read: the realm file, the secrets its ${...} placeholders take and the bootstrap admin's
# password (import only). Only those lines of the secrets file count: a secret added for another component (the
# Stripe emulator's key, say) must not drop Keycloak's dev database.
KC_IMPORT_SECRETS='^(KC_ADMIN_PASSWORD|CATALOG_CLIENT_SECRET|PAYMENT_CLIENT_SECRET|ENTITLEMENT_CLIENT_SECRET)='
kc_import_sum() {
  { cat "$REALM_FILE"; grep -E "$KC_IMPORT_SECRETS" "$LOCAL_SECRETS_FILE" 2>/dev/null | LC_ALL=C sort; } \
    | sha256sum | cut -d' ' -f1
}
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
