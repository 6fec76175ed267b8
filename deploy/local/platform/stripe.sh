# Local platform: the Stripe API emulator (module stripe-emulator, decision 0017) on 127.0.0.1:12111.
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# Stripe emulator
# ---------------------------------------------------------------------------------------------------------------
stripe_url() { echo "http://127.0.0.1:$STRIPE_EMULATOR_PORT"; }
stripe_ready() { curl -sf -o /dev/null --max-time 3 "$(stripe_url)/_emulator/health"; }
stripe_running() { pid_alive_with "$STRIPE_PID" "$STRIPE_JAR"; }
# What the running emulator was started with; a difference means restart.
stripe_fingerprint() {
  echo "port=$STRIPE_EMULATOR_PORT jar=$(cat "$STRIPE_DIR/jar.built" 2>/dev/null) webhook=$STRIPE_WEBHOOK_URL" \
    "retries=$STRIPE_WEBHOOK_RETRY_DELAYS secrets=$(secrets_value STRIPE_API_KEY | sha256sum | cut -c1-16)/$(secrets_value STRIPE_WEBHOOK_SECRET | sha256sum | cut -c1-16)"
}

stripe_jar() { emulator_jar stripe "$STRIPE_MODULE" "$STRIPE_BUILT_JAR" "$STRIPE_JAR" "$STRIPE_DIR"; }

stripe_start() {
  require_free_port stripe "$STRIPE_EMULATOR_PORT"
  mkdir -p "$STRIPE_DIR"
  [[ -f "$STRIPE_LOG" ]] && mv -f "$STRIPE_LOG" "$STRIPE_LOG.prev"
  log "stripe: starting the emulator on $(stripe_url), webhooks to $STRIPE_WEBHOOK_URL, log .local/stripe-emulator/stripe-emulator.log"
  # The emulator forgets everything when it stops, while payment-service's database keeps the event, intent and
  # customer ids it saw: each start writes its own namespace into every id (hex seconds), so no id comes back as
  # another object. services.sh reads the file to restart payment-service against a new emulator.
  printf '%X\n' "$(date +%s)" >"$STRIPE_NAMESPACE_FILE"
  (
    # Only the emulator gets these: the key clients must send and the signing secret payment-service verifies with.
    secrets_load STRIPE_API_KEY STRIPE_WEBHOOK_SECRET || exit 1
    # The publishable key browsers confirm with is public: passed on when set, else the emulator's default.
    if [[ -n "${STRIPE_PUBLISHABLE_KEY:-}" ]]; then export STRIPE_PUBLISHABLE_KEY; fi
    STRIPE_EMULATOR_PORT="$STRIPE_EMULATOR_PORT" STRIPE_WEBHOOK_URL="$STRIPE_WEBHOOK_URL" \
      EMULATOR_WEBHOOK_RETRY_DELAYS="$STRIPE_WEBHOOK_RETRY_DELAYS" EMULATOR_ID_NAMESPACE="$(cat "$STRIPE_NAMESPACE_FILE")" \
      exec setsid nohup "$JAVA" -Xms32m -Xmx256m -jar "$STRIPE_JAR" >"$STRIPE_LOG" 2>&1 </dev/null 9>&-
  ) &
  echo $! >"$STRIPE_PID"
  stripe_fingerprint >"$STRIPE_DIR/running.fingerprint"
  await_start stripe "$STRIPE_PID" "$STRIPE_LOG" "$STRIPE_TIMEOUT" stripe_ready
}

stripe_up() {
  emulator_up stripe stripe "$STRIPE_DIR" "$STRIPE_PID" "$STRIPE_LOG"
  stripe_seed
}

stripe_down() { stop_pid stripe "$STRIPE_PID" "$STRIPE_JAR" 15; }

# ---------------------------------------------------------------------------------------------------------------
# The local Stripe account's catalog. payment-service bills each VIP plan on the active Price whose lookup_key is the
# plan id (decision 0018), so the account needs product prod_vip and one recurring Price per plan. The emulator keeps
# its objects in memory: every `up` looks them up and creates only what is missing, so a restarted emulator is seeded
# again (in the same order, so with the same deterministic ids).
# ---------------------------------------------------------------------------------------------------------------
STRIPE_PRODUCT_ID="prod_vip"
# The plans as payment-service's migration creates them (subscription_plan rows), the one source of their prices.
STRIPE_PLANS_SQL="$REPO_ROOT/payment-service/src/main/resources/db/migration/V3__subscriptions_webhooks_refunds.sql"

# stripe_plans: "<plan id> <interval> <amount in cents> <currency>" per plan row of the migration.
stripe_plans() {
  sed -nE "s/^[[:space:]]*\('([a-z0-9-]+)',[[:space:]]*'(WEEK|MONTH|YEAR)LY',[[:space:]]*[0-9]+,[[:space:]]*([0-9]+)\.([0-9]{2}),[[:space:]]*'([A-Z]{3})'.*/\1 \2 \3\4 \5/p" \
    "$STRIPE_PLANS_SQL" | while read -r plan interval cents currency; do
      echo "$plan ${interval,,} $((10#$cents)) ${currency,,}"
    done
}

# stripe_call METHOD PATH [curl args...]: the body on stdout; fails on a non-2xx answer unless it is a 404 (then
# STRIPE_STATUS says so). Form-encoded, with the emulator's secret key, as any Stripe client sends.
STRIPE_STATUS=""
stripe_call() {
  local method="$1" path="$2" out
  shift 2
  out="$(curl -sS --max-time 10 -X "$method" -u "$(secrets_value STRIPE_API_KEY):" -w '\n%{http_code}' "$(stripe_url)$path" "$@")" \
    || die "stripe: $method $path: the emulator does not answer"
  STRIPE_STATUS="${out##*$'\n'}"
  out="${out%$'\n'*}"
  [[ "$STRIPE_STATUS" == 2?? || "$STRIPE_STATUS" == 404 ]] || die "stripe: $method $path answered $STRIPE_STATUS: $out"
  printf '%s' "$out"
}

stripe_seed() {
  command -v jq >/dev/null 2>&1 || apt_install jq
  local plans plan interval cents currency found price created=()
  plans="$(stripe_plans)"
  [[ -n "$plans" ]] || die "stripe: no subscription plans found in ${STRIPE_PLANS_SQL#"$REPO_ROOT"/}"
  stripe_call GET "/v1/products/$STRIPE_PRODUCT_ID" >/dev/null
  if [[ "$STRIPE_STATUS" == 404 ]]; then
    stripe_call POST /v1/products -d "id=$STRIPE_PRODUCT_ID" -d name=VIP -d "description=VIP subscription: every episode open" >/dev/null
    created+=("$STRIPE_PRODUCT_ID")
  fi
  while read -r plan interval cents currency; do
    found="$(stripe_call GET "/v1/prices?active=true&lookup_keys[]=$plan" | jq -c '.data[0] // empty')"
    if [[ -n "$found" ]] && jq -e --argjson cents "$cents" --arg cur "$currency" --arg iv "$interval" \
        '.unit_amount == $cents and .currency == $cur and .recurring.interval == $iv and .recurring.interval_count == 1' <<<"$found" >/dev/null; then
      continue
    fi
    # None yet, or one with another amount or interval (a changed migration): a new Price takes the key over, as
    # prices change on Stripe; the old one is archived.
    price="$(stripe_call POST /v1/prices -d "product=$STRIPE_PRODUCT_ID" -d "currency=$currency" -d "unit_amount=$cents" \
      -d "recurring[interval]=$interval" -d "lookup_key=$plan" -d transfer_lookup_key=true -d "nickname=$plan" | jq -r .id)"
    [[ -n "$found" ]] && stripe_call POST "/v1/prices/$(jq -r .id <<<"$found")" -d active=false >/dev/null
    created+=("$price ($plan)")
  done <<<"$plans"
  if ((${#created[@]} > 0)); then
    log "stripe: seeded the local account: ${created[*]}"
  else
    log "stripe: account already seeded ($STRIPE_PRODUCT_ID, a Price per plan: $(cut -d' ' -f1 <<<"$plans" | paste -sd' '))"
  fi
}

stripe_status() {
  if stripe_running && stripe_ready; then
    printf '%-9s up    %s  (pid %s, webhooks to %s, log .local/stripe-emulator/stripe-emulator.log)\n' \
      stripe "$(stripe_url)" "$(read_pid "$STRIPE_PID")" "$STRIPE_WEBHOOK_URL"
  else
    printf '%-9s down  %s\n' stripe "$(stripe_url)"
    return 1
  fi
}
