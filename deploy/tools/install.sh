#!/usr/bin/env bash
# Installs the tools test/deploy-manifests.test.ts needs, from package registries only, into
# .data/tools (git-ignored, like all of .data/; override with SWITCHBOARD_TOOLS_DIR):
#
#   bin/kustomize        kustomize, from the Go module proxy (`go install`, pinned below)
#   venv/                Python with kubernetes-validate (PyPI, requirements.txt): validates
#                        manifests against the Kubernetes schemas it ships, offline
#   bin/compose-config   compose-go, the library of `docker compose`, from the Go module proxy
#                        (deploy/tools/compose-config): `docker compose config` without the plugin
#
# Idempotent: a tool already at its pinned version is left alone. Needs `go` (1.26) and `python3`
# (with venv). The test finds the tools there, or on PATH.
#   bash deploy/tools/install.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${SWITCHBOARD_TOOLS_DIR:-$ROOT/.data/tools}"
KUSTOMIZE_VERSION=v5.8.2 # v5.8.3 needs Go 1.27
# The Go on the machine; never download a toolchain.
export GOTOOLCHAIN=local

say() { printf 'install.sh: %s\n' "$*"; }
need() {
  command -v "$1" > /dev/null 2>&1 || {
    say "$1 not found on PATH: $2"
    exit 1
  }
}
need go "install Go 1.26 or newer"
need python3 "install Python 3.9 or newer"
mkdir -p "$TOOLS/bin"

# kustomize
if [ "$("$TOOLS/bin/kustomize" version 2> /dev/null)" = "$KUSTOMIZE_VERSION" ]; then
  say "kustomize $KUSTOMIZE_VERSION already installed"
else
  say "installing kustomize $KUSTOMIZE_VERSION (go install)"
  GOBIN="$TOOLS/bin" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi

# kubernetes-validate, in a virtual environment; the stamp records which requirements it holds.
REQUIREMENTS="$ROOT/deploy/tools/requirements.txt"
STAMP="$TOOLS/venv/.requirements.sha256"
WANT="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ -x "$TOOLS/venv/bin/python" ] && [ "$(cat "$STAMP" 2> /dev/null)" = "$WANT" ] &&
  "$TOOLS/venv/bin/python" -c 'import kubernetes_validate' 2> /dev/null; then
  say "kubernetes-validate already installed"
else
  say "installing kubernetes-validate (pip, $REQUIREMENTS)"
  rm -rf "$TOOLS/venv"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --only-binary=:all: --requirement "$REQUIREMENTS"
  echo "$WANT" > "$STAMP"
fi

# compose-config: `go build` of the module in deploy/tools/compose-config (go.sum pins it). Go's
# build cache makes a rebuild with unchanged sources a no-op.
say "building compose-config (compose-go, go build)"
(cd "$ROOT/deploy/tools/compose-config" && go build -trimpath -o "$TOOLS/bin/compose-config" .)

say "kustomize $("$TOOLS/bin/kustomize" version), $("$TOOLS/venv/bin/python" -m pip show kubernetes-validate 2> /dev/null | sed -n 's/^Version: /kubernetes-validate /p'), compose-config in $TOOLS"
if docker compose version > /dev/null 2>&1; then
  say "note: the docker compose plugin is also available"
fi
