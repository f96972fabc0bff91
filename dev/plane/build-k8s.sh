#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kubectl from the k8s.io/kubernetes Go module.
# k8s.io/kubernetes maps its staging modules to ./staging by replace directives, which only
# apply inside its own repository; a wrapper module replaces each with its published twin.
set -euo pipefail
out=$1 work=$2 K=$3 gover=$4
S="v0.${K#v1.}"
minor=$(echo "$K" | cut -d. -f2)
mkdir -p "$work" "$out"
cd "$work"
rm -f go.mod go.sum
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
go mod init kaas-console.local/plane/k8s >/dev/null 2>&1
go mod edit -go="$gover"
printf '\ngodebug default=go%s\n' "${gover%.*}" >> go.mod
echo "[k8s] resolving k8s.io/kubernetes@$K"
gomod=$(go mod download -json "k8s.io/kubernetes@$K" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
staging=$(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/src/.*#\1#p' "$gomod")
n=0
for m in $staging; do go mod edit -replace="$m=$m@$S"; n=$((n+1)); done
echo "[k8s] replaced $n staging modules with their $S releases"
go get "k8s.io/kubernetes@$K" >/dev/null 2>&1 || go get "k8s.io/kubernetes@$K"
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $p.gitVersion=$K -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.gitCommit=0000000000000000000000000000000000000000 -X $p.buildDate=1970-01-01T00:00:00Z"
done
for cmd in kube-apiserver kube-controller-manager kubectl; do
  echo "[k8s] building $cmd $K (cold: many minutes on 2 cores)"
  start=$(date +%s)
  go build -trimpath -ldflags "$ld" -o "$out/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
  mv "$out/$cmd.tmp" "$out/$cmd"
  echo "[k8s] built $cmd in $(( $(date +%s) - start ))s"
done
