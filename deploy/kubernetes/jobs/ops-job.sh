#!/usr/bin/env bash
# Runs one ops-cli command in the cluster as a Job, follows its log and exits with ops-cli's exit code.
#   deploy/kubernetes/jobs/ops-job.sh [-n NAMESPACE] read|write -- <ops-cli arguments>
# The Job is reconcile-job.yaml (hardened like the CronJob, database logins from payment-db/entitlement-db) with
# these arguments; "read" runs as Kafka user ops-cli-reader, "write" as ops-cli-writer (RUNBOOK.md, "Data
# operations"). No secret passes through here: the pod takes them from Secrets.
# Image: microdrama/ops-cli with the tag the prod overlay deploys, or OPS_CLI_TAG.
# OPS_JOB_DRY_RUN=1 prints the Job instead of creating it (rendered offline with kubectl's kustomize).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
namespace="${NS:-microdrama}"
if [[ "${1:-}" == "-n" ]]; then
  namespace="$2"
  shift 2
fi
mode="${1:-}"
if [[ "$mode" != read && "$mode" != write ]] || [[ "${2:-}" != "--" ]] || (( $# < 3 )); then
  echo "usage: $0 [-n NAMESPACE] read|write -- <ops-cli arguments>" >&2
  exit 2
fi
shift 2

tag="${OPS_CLI_TAG:-$(awk '/name: microdrama\/ops-cli/ { getline; print $2; exit }' "$here/../overlays/prod/kustomization.yaml")}"
user=ops-cli-reader
[[ "$mode" == write ]] && user=ops-cli-writer
# A name kubectl can follow: ops-<first argument>-<UTC time>, within the 63 characters of a label value.
job="ops-$(printf '%s' "$1" | tr -c 'a-z0-9' '-' | cut -c1-20)-$(date -u +%Y%m%d%H%M%S)"

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
args=""
for a in "$@"; do
  args+="${args:+, }$(json_string "$a")"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s/^  generateName: reconcile-manual-$/  name: $job/" "$here/reconcile-job.yaml" >"$work/job.yaml"
cat >"$work/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: $namespace
resources:
  - job.yaml
images:
  - name: microdrama/ops-cli
    newTag: "$tag"
patches:
  - target:
      kind: Job
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: microdrama/ops-cli:$tag
      - op: replace
        path: /spec/template/spec/containers/0/args
        value: [$args]
      - op: test
        path: /spec/template/spec/containers/0/env/0/name
        value: KAFKA_SASL_JAAS_CONFIG
      - op: replace
        path: /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name
        value: $user
EOF

if [[ -n "${OPS_JOB_DRY_RUN:-}" ]]; then
  kubectl kustomize "$work"
  exit 0
fi
kubectl kustomize "$work" | kubectl create -f -
echo "job/$job in $namespace: ops-cli $* (Kafka user $user)" >&2
kubectl -n "$namespace" wait "pod" -l "job-name=$job" --for=condition=Ready --timeout=5m >/dev/null 2>&1 || true
kubectl -n "$namespace" logs -f "job/$job" || true
# The pod's exit code is ops-cli's (0 clean, 1 failure, 2 usage, 3 mismatches).
for _ in $(seq 1 60); do
  code="$(kubectl -n "$namespace" get pods -l "job-name=$job" \
    -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}' 2>/dev/null || true)"
  [[ -n "$code" ]] && exit "$code"
  sleep 2
done
echo "job/$job has not finished; follow it with: kubectl -n $namespace logs -f job/$job" >&2
exit 1
