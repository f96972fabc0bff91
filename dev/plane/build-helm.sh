#!/usr/bin/env bash
# Builds the helm CLI from the helm.sh/helm/v3 module (the chart tests render deploy/chart with it).
# `go install module@version` builds it exactly as tagged, with its own go.mod and go.sum.
set -euo pipefail
out=$1 work=$2 V=$3 gover=$4
mkdir -p "$work" "$out"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-trimpath
start=$(date +%s)
echo "[helm] building helm $V (go $gover toolchain or newer)"
GOBIN="$work/bin" go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$V" "helm.sh/helm/v3/cmd/helm@$V"
mv "$work/bin/helm" "$out/helm"
echo "[helm] built helm in $(( $(date +%s) - start ))s"
