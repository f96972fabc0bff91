#!/usr/bin/env bash
# Builds etcd from go.etcd.io/etcd/server/v3: its go.mod replaces sibling modules by path,
# so `go install` refuses it; a wrapper module makes it the dependency of a main module.
set -euo pipefail
out=$1 work=$2 E=$3 gover=$4
mkdir -p "$work" "$out"
cd "$work"
rm -f go.mod go.sum
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
go mod init kaas-console.local/plane/etcd >/dev/null 2>&1
go mod edit -go="$gover"
echo "[etcd] resolving go.etcd.io/etcd/server/v3@$E"
go get "go.etcd.io/etcd/server/v3@$E" >/dev/null 2>&1 || go get "go.etcd.io/etcd/server/v3@$E"
start=$(date +%s)
echo "[etcd] building etcd $E"
go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3
mv "$out/etcd.tmp" "$out/etcd"
echo "[etcd] built etcd in $(( $(date +%s) - start ))s"
