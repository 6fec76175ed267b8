#!/usr/bin/env bash
# The local platform's secrets, random per machine: generated on first use into the git-ignored .local/secrets.env
# (mode 600) and never committed, so no well-known value opens anything. Readers: Keycloak's realm import
# (${...} placeholders in deploy/keycloak/microdrama-realm.json, and its bootstrap admin), services.sh (the
# services' environment), the Stripe emulator (platform/stripe.sh), the local Kafka's SCRAM user (platform/kafka.sh,
# OPS_KAFKA_PASSWORD), test-support's LocalSecrets (tests). LOG_PSEUDONYM_KEY keys the pseudonymous user id of every
# service's log lines (docs/decisions/0028-structured-logs.md); VIEWER_PSEUDONYM_KEY the viewer's pseudonym on
# viewing-events (docs/decisions/0034-viewing-events.md), a key of its own.
# A variable already set in the environment wins.
# Sourced by platform.sh and services.sh; run directly, it creates the file if needed and prints its path.

LOCAL_SECRETS_FILE="${LOCAL_SECRETS_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.local/secrets.env}"
LOCAL_SECRETS_NAMES=(KC_ADMIN_PASSWORD CATALOG_CLIENT_SECRET PAYMENT_CLIENT_SECRET ENTITLEMENT_CLIENT_SECRET
  STRIPE_WEBHOOK_SECRET STRIPE_API_KEY PLAYBACK_SIGNING_KEY OPS_KAFKA_PASSWORD LOG_PSEUDONYM_KEY
  VIEWER_PSEUDONYM_KEY)

# 24 random bytes, URL-safe base64 (32 characters): safe in URLs, forms, JSON and NAME=value lines.
secrets_random() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

# secrets_ensure: create the file, or add the names it lacks (a file of an older checkout); values are never changed.
secrets_ensure() {
  local name value added=()
  mkdir -p "$(dirname "$LOCAL_SECRETS_FILE")"
  (umask 077 && touch "$LOCAL_SECRETS_FILE")
  chmod 600 "$LOCAL_SECRETS_FILE"
  for name in "${LOCAL_SECRETS_NAMES[@]}"; do
    grep -q "^$name=." "$LOCAL_SECRETS_FILE" && continue
    value="$(secrets_random)"
    # Stripe's format, so code that checks the prefix treats it like a real endpoint secret.
    [[ "$name" == STRIPE_WEBHOOK_SECRET ]] && value="whsec_$value"
    [[ "$name" == STRIPE_API_KEY ]] && value="sk_test_$value"
    printf '%s=%s\n' "$name" "$value" >>"$LOCAL_SECRETS_FILE"
    added+=("$name")
  done
  if ((${#added[@]} > 0)); then
    printf '[secrets] generated %s into %s\n' "${added[*]}" "$LOCAL_SECRETS_FILE"
  fi
}

# secrets_value <NAME>: the environment's value, else the file's; fails when neither has one.
secrets_value() {
  local name="$1" value
  value="${!name:-}"
  if [[ -z "$value" ]]; then
    value="$(grep -m1 "^$name=" "$LOCAL_SECRETS_FILE" 2>/dev/null | cut -d= -f2-)"
  fi
  if [[ -z "$value" ]]; then
    printf '[secrets] ERROR: %s missing in %s: run deploy/local/platform.sh up first\n' "$name" "$LOCAL_SECRETS_FILE" >&2
    return 1
  fi
  printf '%s' "$value"
}

# secrets_load [NAME...]: export these secrets (default: all of them).
secrets_load() {
  local name value
  (($# > 0)) || set -- "${LOCAL_SECRETS_NAMES[@]}"
  for name in "$@"; do
    value="$(secrets_value "$name")" || return 1
    export "$name=$value"
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  secrets_ensure
  echo "$LOCAL_SECRETS_FILE"
fi
