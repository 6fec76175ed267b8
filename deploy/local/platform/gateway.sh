# Local platform: the nginx API gateway (deploy/gateway).
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

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
# web_app_build: builds the viewer web app (web-app/, npm with the machine's Node.js) into web-app/dist when its
# sources changed since the last build; the gateway serves that directory at /. Without Node.js the gateway still
# starts and / answers 404 until the Maven build (module web-app) has built it.
web_app_build() {
  local app="$REPO_ROOT/web-app" dir="$LOCAL_DIR/web-app" want
  if ! command -v npm >/dev/null 2>&1; then
    log "gateway: npm not found: the web app is not built (install Node.js 20+, or let mvn build module web-app)"
    return 0
  fi
  want="$( (cd "$app" && find package.json package-lock.json index.html vite.config.ts tsconfig.json src -type f \
    | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1))"
  if [[ "$(cat "$dir/dist.built" 2>/dev/null)" == "$want" && -f "$app/dist/index.html" ]]; then
    return 0
  fi
  mkdir -p "$dir"
  log "gateway: building the web app (npm ci, npm run build) into web-app/dist, log .local/web-app/build.log"
  (cd "$app" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && npx vite build) >"$dir/build.log" 2>&1 </dev/null 9>&- \
    || die_with_log gateway "$dir/build.log" "building the web app failed"
  echo "$want" >"$dir/dist.built"
}

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
  # the viewer web app's build (web-app/dist), served at /; Keycloak's origin for its page's Content-Security-Policy
  # shellcheck disable=SC2034
  local WEB_APP_DIR="$REPO_ROOT/web-app/dist" KEYCLOAK_ORIGIN="http://127.0.0.1:$KEYCLOAK_PORT"
  web_app_build
  render "$GATEWAY_TEMPLATE" "$GW_CONF.new" GATEWAY_DIR MEDIA_DIR NGINX_USER_DIRECTIVE GATEWAY_PORT CATALOG_PORT PAYMENT_PORT ENTITLEMENT_PORT \
    INSIGHTS_PORT \
    WEB_APP_DIR KEYCLOAK_ORIGIN STRIPE_EMULATOR_PORT \
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
