#!/usr/bin/env bash
# Builds the Cluster API managers (core, kubeadm bootstrap, kubeadm control plane) and the dev
# infrastructure provider (whose in-memory backend needs no Docker engine) from the published
# sigs.k8s.io/cluster-api modules, and copies their CRDs and webhook manifests next to them.
set -euo pipefail
out=$1 work=$2 C=$3 gover=$4
mkdir -p "$work" "$out"
cd "$work"
rm -f go.mod go.sum
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
go mod init kaas-console.local/plane/capi >/dev/null 2>&1
go mod edit -go="$gover"
echo "[capi] resolving sigs.k8s.io/cluster-api@$C"
# The root and test modules point at their siblings with ../ replaces; pin all three to one release.
for m in sigs.k8s.io/cluster-api sigs.k8s.io/cluster-api/api sigs.k8s.io/cluster-api/test; do
  go mod edit -replace="$m=$m@$C"
done
go get "sigs.k8s.io/cluster-api@$C" "sigs.k8s.io/cluster-api/api@$C" "sigs.k8s.io/cluster-api/test@$C" >/dev/null 2>&1 \
  || go get "sigs.k8s.io/cluster-api@$C" "sigs.k8s.io/cluster-api/api@$C" "sigs.k8s.io/cluster-api/test@$C"
ver="-X sigs.k8s.io/cluster-api/version.gitVersion=$C -X sigs.k8s.io/cluster-api/version.gitMajor=1 -X sigs.k8s.io/cluster-api/version.gitMinor=$(echo "$C" | cut -d. -f2)"
build() {
  local name=$1 pkg=$2 start
  start=$(date +%s)
  echo "[capi] building $name ($pkg)"
  go build -trimpath -ldflags "-s -w $ver" -o "$out/$name.tmp" "$pkg"
  mv "$out/$name.tmp" "$out/$name"
  echo "[capi] built $name in $(( $(date +%s) - start ))s"
}
build capi-core sigs.k8s.io/cluster-api/core
build capi-bootstrap-kubeadm sigs.k8s.io/cluster-api/bootstrap/kubeadm
build capi-controlplane-kubeadm sigs.k8s.io/cluster-api/controlplane/kubeadm
build capi-dev-infra sigs.k8s.io/cluster-api/test/infrastructure/docker
root=$(go list -m -f '{{.Dir}}' sigs.k8s.io/cluster-api)
test=$(go list -m -f '{{.Dir}}' sigs.k8s.io/cluster-api/test)
rm -rf "$out/manifests"
# CRDs, their conversion patches and the webhook manifests, as kustomize would read them.
copy() { mkdir -p "$out/manifests/$1"; cp -r "$2/config/crd" "$2/config/webhook" "$out/manifests/$1/"; }
copy core "$root/core"
copy bootstrap "$root/bootstrap/kubeadm"
copy controlplane "$root/controlplane/kubeadm"
copy infrastructure "$test/infrastructure/docker"
mkdir -p "$out/manifests/templates"
cp "$test/infrastructure/docker/templates/clusterclass-in-memory.yaml" "$out/manifests/templates/"
chmod -R u+w "$out/manifests"
echo "[capi] manifests copied"
