#!/usr/bin/env bash
# Starts, stops and reports the packaged services (built by `mvn package`), logs under .local/services/; before
# payment-service starts, registers the flagship app and its products at the platform's App Store / Google Play emulator.
# They run on Java 25 with an AOT cache trained by one real start of the build (docs/decisions/0032-java-25-aot-cache.md):
# the first start of a new build is a training start, stopped once ready and started again from the cache.
# Usage: deploy/local/services.sh up|restart|down|status
#        deploy/local/services.sh jvm-options <service>   (the JVM options it starts that service with, one per line)
#        deploy/local/services.sh java-home               (the Java 25 runtime the services run on)
#        deploy/local/services.sh aot-cache <service>...  (trains the AOT cache of a new build; the services stay down)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.local/services"
JVM_OPTIONS_FILE="$ROOT/deploy/local/service-jvm.options"
SERVICES=(catalog-service payment-service entitlement-service insights-service)
READY_TIMEOUT="${SERVICE_READY_TIMEOUT:-90}"
# The oldest Java the services run on: the AOT cache (JEPs 483, 514, 515) needs 25.
SERVICE_JAVA_FEATURE=25
# The flagship app as the platform's App Store / Google Play emulator knows it (registered by register_stores).
STORE_URL="http://127.0.0.1:${STORE_EMULATOR_PORT:-12112}"
STORE_DIR="$ROOT/.local/store-emulator"
APP_STORE_ROOT="$STORE_DIR/app-store-root.pem"
PLAY_KEY="$STORE_DIR/play-service-account.json"
APP_BUNDLE_ID="${PAYMENT_APP_STORE_BUNDLE_ID:-com.microdrama.reels}"
APP_APPLE_ID="${PAYMENT_APP_STORE_APP_APPLE_ID:-6400000000}"
PLAY_PACKAGE="${PAYMENT_PLAY_PACKAGE_NAME:-com.microdrama.reels}"
PLAY_PUSH_AUDIENCE="${PAYMENT_PLAY_PUSH_AUDIENCE:-https://payments.microdrama.local/play-rtdn}"
PLAY_PUSH_ACCOUNT="${PAYMENT_PLAY_PUSH_SERVICE_ACCOUNT:-play-rtdn-push@local-project.iam.gserviceaccount.com}"
# shellcheck source=deploy/local/secrets.sh
source "$ROOT/deploy/local/secrets.sh"

port_of() {
  case "$1" in
    payment-service) echo "${PAYMENT_PORT:-8081}" ;;
    entitlement-service) echo "${ENTITLEMENT_PORT:-8082}" ;;
    catalog-service) echo "${CATALOG_PORT:-8083}" ;;
    insights-service) echo "${INSIGHTS_PORT:-8084}" ;;
  esac
}

pid_of() {
  local pidfile="$RUN_DIR/$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
  return 0
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ready() {
  curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$(port_of "$1")/q/health/ready"
}

# Each service gets only its own secrets (from .local/secrets.env, see secrets.sh), by their names or as
# VARIABLE:NAME under another variable.
secrets_of() {
  case "$1" in
    catalog-service) echo CATALOG_CLIENT_SECRET PLAYBACK_SIGNING_KEY VIEWER_PSEUDONYM_KEY ;;
    # payment.stripe.api-key has no STRIPE_API_KEY binding in application.properties: its canonical variable too.
    payment-service) echo PAYMENT_CLIENT_SECRET STRIPE_API_KEY PAYMENT_STRIPE_API_KEY:STRIPE_API_KEY STRIPE_WEBHOOK_SECRET ;;
    entitlement-service) echo ENTITLEMENT_CLIENT_SECRET ;;
    # the viewer pseudonym of viewing-events, to turn purchases' user ids into it (decision 0035)
    insights-service) echo VIEWER_PSEUDONYM_KEY ;;
  esac
  # one key for all three, so one viewer's log lines can be followed across them
  echo MICRODRAMA_LOGGING_PSEUDONYM_KEY:LOG_PSEUDONYM_KEY
}

# Each service's settings that are not secrets, NAME=value per line; a value already in the environment wins.
settings_of() {
  case "$1" in
    insights-service)
      # Kafka Streams' stores (RocksDB) next to the logs, kept across restarts; down.sh leaves them, a rebuild of the
      # state is a new directory (or INSIGHTS_STATE_DIR elsewhere).
      echo "INSIGHTS_STATE_DIR=${INSIGHTS_STATE_DIR:-$RUN_DIR/insights-state}"
      ;;
    payment-service)
      # Web payments through Stripe's API (decision 0015), here the platform's Stripe emulator (platform/stripe.sh,
      # which seeds the plans' Prices); its events are test-mode ones. Purchases and subscriptions wait for its
      # signed webhooks, as in production.
      echo "PAYMENT_PROVIDER=${PAYMENT_PROVIDER:-stripe}"
      echo "PAYMENT_STRIPE_API_BASE=${PAYMENT_STRIPE_API_BASE:-http://127.0.0.1:${STRIPE_EMULATOR_PORT:-12111}}"
      echo "STRIPE_LIVEMODE=${STRIPE_LIVEMODE:-false}"
      # In-app purchases through the App Store and Google Play (decision 0020), here the platform's store emulator:
      # Sandbox trusts the root it made at start, the Play API is read with a key it issued (register_stores).
      echo "PAYMENT_APP_STORE_BUNDLE_ID=$APP_BUNDLE_ID"
      echo "PAYMENT_APP_STORE_APP_APPLE_ID=$APP_APPLE_ID"
      echo "PAYMENT_APP_STORE_ENVIRONMENTS=${PAYMENT_APP_STORE_ENVIRONMENTS:-Sandbox}"
      echo "PAYMENT_APP_STORE_ROOT_CERTIFICATES=${PAYMENT_APP_STORE_ROOT_CERTIFICATES:-file:$APP_STORE_ROOT}"
      echo "PAYMENT_APP_STORE_ONLINE_CHECKS=${PAYMENT_APP_STORE_ONLINE_CHECKS:-false}"
      echo "PAYMENT_PLAY_PACKAGE_NAME=$PLAY_PACKAGE"
      echo "PAYMENT_PLAY_SERVICE_ACCOUNT_KEY=${PAYMENT_PLAY_SERVICE_ACCOUNT_KEY:-file:$PLAY_KEY}"
      echo "PAYMENT_PLAY_API_ROOT=${PAYMENT_PLAY_API_ROOT:-$STORE_URL/}"
      echo "PAYMENT_PLAY_PUSH_JWKS_URL=${PAYMENT_PLAY_PUSH_JWKS_URL:-$STORE_URL/oauth2/v3/certs}"
      echo "PAYMENT_PLAY_PUSH_AUDIENCE=$PLAY_PUSH_AUDIENCE"
      echo "PAYMENT_PLAY_PUSH_SERVICE_ACCOUNT=$PLAY_PUSH_ACCOUNT"
      ;;
  esac
}

# What a service is started with: jar, port, JVM options, settings, and its secrets as hashes. `up` restarts a running
# service whose fingerprint changed (as platform.sh does for its components), so a new build, setting or secret
# never leaves the old one running.
fingerprint_of() {
  local svc="$1" jar name
  jar="$(jar_of "$svc")"
  printf 'jar=%s port=%s java=%s aot=%s jvm=%s settings=%s secrets=' "$(stat -c %Y "$jar" 2>/dev/null)" \
    "$(port_of "$svc")" "$(service_java_home)" "$(aot_fresh "$svc" && echo cache || echo training)" \
    "$(jvm_options "$svc" | sha256sum | cut -c1-16)" "$(settings_of "$svc" | paste -sd' ')"
  for name in $(secrets_of "$svc"); do
    printf ' %s=%s' "$name" "$(secrets_value "${name#*:}" | sha256sum | cut -c1-16)"
  done
  # payment-service remembers Stripe objects of the emulator it talks to (the plans' Prices): a restarted emulator,
  # which has other ids (platform/stripe.sh), restarts it. The same for the store emulator, whose App Store root
  # and Play keys are new at every start (the saved root tells one start from another).
  [[ "$svc" == payment-service ]] && printf ' stripe-emulator=%s store-emulator=%s' \
    "$(cat "$ROOT/.local/stripe-emulator/id-namespace" 2>/dev/null)" "$(root_hash)"
  echo
}

root_hash() { sha256sum "$APP_STORE_ROOT" 2>/dev/null | cut -c1-16; }

# ---------------------------------------------------------------------------------------------------------------
# The flagship app at the store emulator. The emulator keeps apps, products and service accounts in memory, so
# every start of payment-service registers them again (PUTs, idempotent) and a restarted emulator gets a new key.
# ---------------------------------------------------------------------------------------------------------------
MIGRATIONS="$ROOT/payment-service/src/main/resources/db/migration"

# store_products: "<store> <product id> <our id>" per product the app sells, as application.properties maps them.
store_products() {
  sed -nE -e 's/^payment\.app-store\.products\."([^"]+)"=([a-z0-9-]+)$/app-store \1 \2/p' \
    -e 's/^payment\.play\.products\.([A-Za-z0-9_.]+)=([a-z0-9-]+)$/play \1 \2/p' \
    "$ROOT/payment-service/src/main/resources/application.properties"
}

# sellables: "<our id> <price> <currency> [<period> <trial days>]" for the US coin packs (coin_pack rows of V2) and the
# VIP plans (subscription_plan rows of V3): what payment-service charges on the web, so the stores charge the same.
sellables() {
  sed -nE "s/^[[:space:]]*\('([a-z0-9-]+)',[[:space:]]*'US',[[:space:]]*[0-9]+,[[:space:]]*[0-9]+,[[:space:]]*([0-9]+\.[0-9]{2}),[[:space:]]*'(USD)'.*/\1 \2 \3/p" \
    "$MIGRATIONS/V2__seed_coin_packs.sql"
  sed -nE "s/^[[:space:]]*\('([a-z0-9-]+)',[[:space:]]*'(WEEK|MONTH|YEAR)LY',[[:space:]]*[0-9]+,[[:space:]]*([0-9]+\.[0-9]{2}),[[:space:]]*'([A-Z]{3})',[[:space:]]*([0-9]+),.*/\1 \3 \4 \2 \5/p" \
    "$MIGRATIONS/V3__subscriptions_webhooks_refunds.sql"
}

# store_call METHOD PATH JSON -> the body; a call to the emulator's control surface, failing on a non-2xx answer.
store_call() {
  local method="$1" path="$2" body="$3" out
  out="$(curl -sS --max-time 10 -X "$method" -H 'Content-Type: application/json' -d "$body" -w '\n%{http_code}' \
    "$STORE_URL$path")" || { echo "  the store emulator does not answer at $STORE_URL (deploy/local/platform.sh up)" >&2; return 1; }
  [[ "${out##*$'\n'}" == 2?? ]] || { echo "  store emulator: $method $path answered ${out##*$'\n'}: ${out%$'\n'*}" >&2; return 1; }
  printf '%s' "${out%$'\n'*}"
}

register_stores() {
  local webhooks sellable store product ours price currency period trial body count=0 marker="$PLAY_KEY.root"
  webhooks="http://127.0.0.1:$(port_of payment-service)/api/payments/webhooks"
  [[ -s "$APP_STORE_ROOT" ]] || { echo "  no App Store root in ${APP_STORE_ROOT#"$ROOT"/}: run deploy/local/platform.sh up" >&2; return 1; }
  sellable="$(sellables)"
  store_call PUT "/_emulator/app-store/apps/$APP_BUNDLE_ID" "$(jq -nc --argjson id "$APP_APPLE_ID" --arg url "$webhooks/app-store" \
    '{appAppleId: $id, environment: "Sandbox", notificationUrl: $url}')" >/dev/null || return 1
  store_call PUT "/_emulator/play/apps/$PLAY_PACKAGE" "$(jq -nc --arg url "$webhooks/play" --arg aud "$PLAY_PUSH_AUDIENCE" \
    --arg account "$PLAY_PUSH_ACCOUNT" '{pushEndpoint: $url, audience: $aud, pushServiceAccount: $account}')" >/dev/null || return 1
  while read -r store product ours; do
    price="" currency="" period="" trial=""
    read -r price currency period trial < <(awk -v id="$ours" '$1 == id { $1 = ""; print }' <<<"$sellable") || true
    [[ -n "$price" ]] || { echo "  store product $product: no pack or plan '$ours' in the migrations" >&2; return 1; }
    # PUT bodies per store: Apple's price as a decimal, Google's in micros; a plan's period and free trial.
    body="$(jq -nc --arg store "$store" --arg price "$price" --arg cur "$currency" --arg period "${period:-}" \
      --arg trial "${trial:-0}" --arg micros "$(( 10#${price/./} * 10000 ))" '
      ({WEEK: "P7D", MONTH: "P1M", YEAR: "P1Y"}[$period]) as $iso
      | (if ($trial | tonumber) > 0 then {freeTrial: "P\($trial)D"} else {} end) as $free
      | if $store == "app-store" then
          if $period == "" then {type: "Consumable", price: $price, currency: $cur}
          else {type: "Auto-Renewable Subscription", price: $price, currency: $cur, subscriptionGroupIdentifier: "vip",
                period: $iso} + $free end
        else
          {defaultPrice: {priceMicros: $micros, currency: $cur}}
          + if $period == "" then {type: "inapp"} else {type: "subs", basePlanId: ($period | ascii_downcase + "ly"),
                period: $iso} + $free end
        end')"
    if [[ "$store" == app-store ]]; then
      store_call PUT "/_emulator/app-store/apps/$APP_BUNDLE_ID/products/$product" "$body" >/dev/null || return 1
    else
      store_call PUT "/_emulator/play/apps/$PLAY_PACKAGE/products/$product" "$body" >/dev/null || return 1
    fi
    count=$((count + 1))
  done < <(store_products)
  # The emulator forgets its service accounts when it stops: a key made for another start (another root) is renewed.
  if [[ ! -s "$PLAY_KEY" || "$(cat "$marker" 2>/dev/null)" != "$(root_hash)" ]]; then
    (umask 077; store_call POST /_emulator/play/service-accounts '{}' >"$PLAY_KEY.tmp") || return 1
    mv -f "$PLAY_KEY.tmp" "$PLAY_KEY"
    root_hash >"$marker"
    echo "  store emulator: a new Play service-account key in ${PLAY_KEY#"$ROOT"/}"
  fi
  echo "  store emulator: App Store bundle $APP_BUNDLE_ID and Play package $PLAY_PACKAGE with $count products registered"
}

is_service() {
  [[ " ${SERVICES[*]} " == *" $1 "* ]]
}

# The JVM options of one service: the shared lines of deploy/local/service-jvm.options, then its "<service>: <option>"
# lines, which override them. The bench harness (Fleet) and deploy-checks read them through `jvm-options`, so there
# is one reader of that file.
jvm_options() {
  local svc="$1" line
  local -a shared=() own=()
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    if [[ "$line" =~ ^([a-z][a-z-]*):[[:space:]]*(-[^[:space:]]+)$ ]]; then
      if ! is_service "${BASH_REMATCH[1]}"; then
        echo "deploy/local/service-jvm.options: '${BASH_REMATCH[1]}' is not a service: $line" >&2
        return 1
      fi
      [[ "${BASH_REMATCH[1]}" == "$svc" ]] && own+=("${BASH_REMATCH[2]}")
    else
      shared+=("$line")
    fi
  done <"$JVM_OPTIONS_FILE"
  printf '%s\n' "${shared[@]}" "${own[@]}"
}

jar_of() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# The feature version of a Java home (25 for 25.0.3), from its release file; empty if it is none.
java_feature() {
  sed -nE 's/^JAVA_VERSION="([0-9]+).*/\1/p' "$1/release" 2>/dev/null
}

# The Java runtime of the services: SERVICE_JAVA_HOME if set, else the build's JAVA_HOME if it is Java 25 or newer,
# else the first such JDK under /usr/lib/jvm (Temurin's and Debian's install there). The bench (Fleet) and the images'
# runtime (images/base) take it from here, so there is one choice of JVM.
service_java_home() {
  local home feature
  if [[ -n "${SERVICE_JAVA_HOME:-}" ]]; then
    feature="$(java_feature "$SERVICE_JAVA_HOME")"
    if [[ -x "$SERVICE_JAVA_HOME/bin/java" ]] && (( ${feature:-0} >= SERVICE_JAVA_FEATURE )); then
      echo "$SERVICE_JAVA_HOME"; return 0
    fi
    echo "SERVICE_JAVA_HOME=$SERVICE_JAVA_HOME is not a Java $SERVICE_JAVA_FEATURE or newer" >&2
    return 1
  fi
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$home" && -x "$home/bin/java" && ! -L "$home" ]] || continue
    feature="$(java_feature "$home")"
    if (( ${feature:-0} >= SERVICE_JAVA_FEATURE )); then echo "$home"; return 0; fi
  done
  echo "no Java $SERVICE_JAVA_FEATURE or newer under /usr/lib/jvm: the services run on it" \
    "(docs/decisions/0032-java-25-aot-cache.md); install one there or set SERVICE_JAVA_HOME" >&2
  return 1
}

# The AOT cache of a build sits next to its jar. It is valid for that jar (its time), that runtime and those JVM
# options only: the JVM refuses a cache made by another build of itself or for another class path, and a stale one
# would only slow the start down, so the stamp says what it was trained with.
aot_cache_of() { echo "$(dirname "$(jar_of "$1")")/app.aot"; }

aot_stamp_of() {
  local svc="$1" home
  home="$(service_java_home)" || return 1
  printf 'jar=%s java=%s jvm=%s\n' "$(stat -c %Y "$(jar_of "$svc")" 2>/dev/null)" \
    "$(sed -nE 's/^IMPLEMENTOR_VERSION="?([^"]*)"?|^JAVA_RUNTIME_VERSION="?([^"]*)"?/\1\2/p' "$home/release" | paste -sd' ')" \
    "$(jvm_options "$svc" | sha256sum | cut -c1-16)"
}

aot_fresh() {
  local cache
  cache="$(aot_cache_of "$1")"
  [[ -s "$cache" && "$(cat "$cache.stamp" 2>/dev/null)" == "$(aot_stamp_of "$1")" ]]
}

# Training: a start against the platform until ready, then a normal stop, at whose exit the JVM writes the cache
# (JEP 514's one-step training; it forks a second JVM to assemble it). Only then is the cache moved into place.
# train_all <service>...: the services given, at once; they are down afterwards.
train_all() {
  local svc cache
  for svc in "$@"; do
    prepare "$svc" || return 1
    cache="$(aot_cache_of "$svc")"
    rm -f "$cache" "$cache.stamp" "$cache.training"
    echo "  training the AOT cache of $svc: one start of this build until ready (log: .local/services/$svc-aot.log)"
    launch "$svc" "$RUN_DIR/$svc-aot.log" "-XX:AOTCacheOutput=$cache.training"
  done
  for svc in "$@"; do await_ready "$svc" || return 1; done
  # together: each JVM assembles its cache at exit (~25 s of CPU each here), and one after the other they took a
  # minute and a half of every CI run
  stop_all 180 "$@"
  for svc in "$@"; do
    cache="$(aot_cache_of "$svc")"
    if [[ -s "$cache.training" ]]; then
      mv -f "$cache.training" "$cache"
      aot_stamp_of "$svc" >"$cache.stamp"
      echo "  $svc: AOT cache written ($(du -m "$cache" | cut -f1) MB)"
    else
      echo "  $svc: the training start wrote no AOT cache; it starts without one (log: .local/services/$svc-aot.log)" >&2
    fi
  done
}

# What a service needs before its JVM starts (a training start too): the store registration of payment-service,
# a built jar, a free port.
prepare() {
  local svc="$1" port
  port="$(port_of "$svc")"
  [[ "$svc" != payment-service ]] || register_stores || return 1
  [[ -f "$(jar_of "$svc")" ]] || { echo "  $svc is not built: run 'mvn -B -DskipTests -Dplatform.skip=true package' first" >&2; return 1; }
  if port_taken "$port"; then
    echo "  port $port is taken by a process this script did not start; free it or set the port variable" >&2
    return 1
  fi
  mkdir -p "$RUN_DIR"
}

# Starts a service from its AOT cache unless the same build with the same settings already runs.
start() {
  local svc="$1" cache
  if [[ -n "$(pid_of "$svc")" ]]; then
    if [[ "$(cat "$RUN_DIR/$svc.fingerprint" 2>/dev/null)" == "$(fingerprint_of "$svc")" ]]; then
      echo "  $svc already running (pid $(pid_of "$svc"), port $(port_of "$svc"))"
      return 0
    fi
    echo "  $svc runs an older build or other settings or secrets: restarting it"
    stop "$svc"
  fi
  prepare "$svc" || return 1
  echo "  starting $svc on 127.0.0.1:$(port_of "$svc") (log: .local/services/$svc.log)"
  cache="$(aot_cache_of "$svc")"
  if [[ -s "$cache" ]]; then
    launch "$svc" "$RUN_DIR/$svc.log" "-XX:AOTCache=$cache"
  else
    launch "$svc" "$RUN_DIR/$svc.log"
  fi
}

# launch <service> <log file> [JVM option...]: the JVM of one service in the background.
launch() {
  local svc="$1" log="$2" java_home options name value
  shift 2
  local -a extra=("$@") jvm secrets=() settings=()
  java_home="$(service_java_home)" || return 1
  options="$(jvm_options "$svc")" || return 1
  mapfile -t jvm <<<"$options"
  for name in $(secrets_of "$svc"); do
    value="$(secrets_value "${name#*:}")" || return 1
    secrets+=("${name%%:*}=$value")
  done
  mapfile -t settings < <(settings_of "$svc")
  # -Dquarkus.http.host keeps services on loopback; the gateway is the front door.
  # The packaged jars run the prod profile, which has no default secrets: the secrets come from this machine's
  # .local/secrets.env (Keycloak imported the same client secrets, the Stripe emulator the same key and webhook
  # secret), the database password is the local PostgreSQL role's. A value already in the environment wins.
  # glibc malloc arenas: capped for the RSS reason of the JVM options.
  # No trace collector runs here: record no new traces (ids still travel, decision 0025), so nothing is exported
  # unless a caller sends a sampled traceparent; QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT and a ratio turn it on.
  # The JVM's own warnings (the AOT cache's among them) go to a file of their own: the service log holds JSON only.
  env "${secrets[@]}" "${settings[@]}" \
  DB_PASSWORD="${DB_PASSWORD:-microdrama}" \
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" \
  QUARKUS_OTEL_TRACES_SAMPLER_ARG="${QUARKUS_OTEL_TRACES_SAMPLER_ARG:-0}" \
  setsid nohup "$java_home/bin/java" "${jvm[@]}" ${extra[@]+"${extra[@]}"} -Xlog:disable "-Xlog:all=warning:file=${log%.log}-jvm.log:uptime,level,tags" \
    -Dquarkus.http.host=127.0.0.1 -jar "$(jar_of "$svc")" \
    </dev/null >"$log" 2>&1 &
  echo $! >"$RUN_DIR/$svc.pid"
  fingerprint_of "$svc" >"$RUN_DIR/$svc.fingerprint"
}

# A JVM that refuses its cache (a jar rebuilt in place, another JDK build) says so in its own log and starts without
# it: the cache is dropped, so the next start trains a new one.
aot_check() {
  local svc="$1" log="$RUN_DIR/$1-jvm.log"
  if [[ -f "$log" ]] && grep -q '\[error *\]\[aot' "$log"; then
    echo "  $svc refused its AOT cache (.local/services/$svc-jvm.log) and runs without it; the next start trains a new one" >&2
    rm -f "$(aot_cache_of "$svc").stamp"
  fi
}

# Starts the services given and waits for them; those without a fresh AOT cache (a new build) are trained first.
run_all() {
  local svc
  local -a stale=()
  for svc in "$@"; do aot_fresh "$svc" || stale+=("$svc"); done
  if (( ${#stale[@]} > 0 )); then
    for svc in "${stale[@]}"; do
      [[ -z "$(pid_of "$svc")" ]] || { echo "  $svc runs an older build: stopping it to train its AOT cache"; stop "$svc"; }
    done
    train_all "${stale[@]}" || return 1
  fi
  for svc in "$@"; do start "$svc"; done
  for svc in "$@"; do await_ready "$svc"; done
  for svc in "$@"; do aot_check "$svc"; done
}

await_ready() {
  local svc="$1" waited=0
  until ready "$svc"; do
    if [[ -z "$(pid_of "$svc")" ]]; then
      echo "  $svc exited during start; last log lines:" >&2
      tail -n 40 "$RUN_DIR/$svc.log" >&2 || true
      return 1
    fi
    if (( waited >= READY_TIMEOUT )); then
      echo "  $svc not ready after ${READY_TIMEOUT}s; last log lines:" >&2
      tail -n 40 "$RUN_DIR/$svc.log" >&2 || true
      curl -sS --max-time 2 "http://127.0.0.1:$(port_of "$svc")/q/health/ready" >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "  $svc ready: http://127.0.0.1:$(port_of "$svc")  (health /q/health, OpenAPI /q/openapi)"
}

# stop <service> [seconds]: SIGTERM, then SIGKILL after the seconds (10; a training start needs longer to write its cache).
stop() { stop_all "${2:-10}" "$1"; }

# stop_all <seconds> <service>...: SIGTERM to each at once, then waits for each as stop does.
stop_all() {
  local limit="$1" svc pid waited=0
  shift
  local -A pids=()
  for svc in "$@"; do
    pid="$(pid_of "$svc")"
    if [[ -z "$pid" ]]; then
      echo "  $svc not running"
      rm -f "$RUN_DIR/$svc.pid" "$RUN_DIR/$svc.fingerprint"
      continue
    fi
    echo "  stopping $svc (pid $pid)"
    kill -TERM "$pid"
    pids[$svc]="$pid"
  done
  for svc in "${!pids[@]}"; do
    pid="${pids[$svc]}"
    while kill -0 "$pid" 2>/dev/null; do
      if (( waited >= limit * 2 )); then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.5
      waited=$((waited + 1))
    done
    rm -f "$RUN_DIR/$svc.pid" "$RUN_DIR/$svc.fingerprint"
  done
}

status() {
  local svc rc=0
  for svc in "${SERVICES[@]}"; do
    if [[ -n "$(pid_of "$svc")" ]] && ready "$svc"; then
      echo "$svc: up   http://127.0.0.1:$(port_of "$svc")"
    elif [[ -n "$(pid_of "$svc")" ]]; then
      echo "$svc: starting or unhealthy (pid $(pid_of "$svc"))"; rc=1
    else
      echo "$svc: down"; rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  up)
    echo "Services:"
    run_all "${SERVICES[@]}"
    ;;
  restart)
    echo "Services (restart with the current build):"
    stop_all 10 "${SERVICES[@]}"
    run_all "${SERVICES[@]}"
    ;;
  aot-cache)
    shift
    (( $# > 0 )) || set -- "${SERVICES[@]}"
    for svc in "$@"; do is_service "$svc" || { echo "usage: $0 aot-cache [$(IFS='|'; echo "${SERVICES[*]}")]..." >&2; exit 2; }; done
    echo "AOT caches:"
    todo=()
    for svc in "$@"; do
      if aot_fresh "$svc"; then echo "  $svc: fresh"
      elif [[ -n "$(pid_of "$svc")" ]]; then echo "  $svc is running: stop it first (deploy/local/services.sh down)" >&2; exit 1
      else todo+=("$svc"); fi
    done
    (( ${#todo[@]} > 0 )) || exit 0
    train_all "${todo[@]}"
    ;;
  java-home) service_java_home ;;
  down)
    echo "Services:"
    stop_all 10 "${SERVICES[@]}"
    ;;
  status) status ;;
  jvm-options)
    if ! is_service "${2:-}"; then
      echo "usage: $0 jvm-options <$(IFS='|'; echo "${SERVICES[*]}")>" >&2
      exit 2
    fi
    jvm_options "$2"
    ;;
  *) echo "usage: $0 up|restart|down|status|jvm-options <service>|java-home|aot-cache [service...]" >&2; exit 2 ;;
esac
