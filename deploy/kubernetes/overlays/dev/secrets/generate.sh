#!/usr/bin/env bash
# Makes the dev overlay's git-ignored secret env files (one per Secret, from each *.env.example: same keys, random
# values). Existing files are kept, so running it again changes nothing. Then: kubectl apply -k deploy/kubernetes/overlays/dev
set -euo pipefail
cd "$(dirname "$0")"
umask 077
for example in *.env.example; do
  env="${example%.example}"
  if [[ -e "$env" ]]; then
    echo "kept      $env"
    continue
  fi
  grep -E '^[A-Za-z0-9._-]+=' "$example" | cut -d= -f1 | while read -r key; do
    echo "$key=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"
  done > "$env"
  echo "generated $env"
done
