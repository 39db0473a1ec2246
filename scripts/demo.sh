#!/usr/bin/env bash
# demo.sh - build Craton HSM and use it from OpenSC's pkcs11-tool:
# initialise a token, set the user PIN, generate an EC P-256 key pair, sign,
# and verify the signature with plain openssl and with pkcs11-tool.
# Runs on a fresh Debian 12 as root. Exits non-zero at the first failure.
#   CRATON_BUILD_DIR  build directory (default: build)
#   CRATON_DEMO_KEEP  set to keep the temporary demo directory
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="${CRATON_BUILD_DIR:-build}"
MODULE="$ROOT/$BUILD_DIR/libcraton_hsm.so"
SO_PIN=87654321
USER_PIN=123456

STEP=0
STEPS=11
step() {
  STEP=$((STEP + 1))
  printf '\n==> [%d/%d] %s\n' "$STEP" "$STEPS" "$*"
}
DEMO=""
on_exit() {
  local rc=$?
  [[ -n "$DEMO" && -z "${CRATON_DEMO_KEEP:-}" ]] && rm -rf "$DEMO"
  [[ $rc -ne 0 ]] && printf '\nDEMO FAILED at step %d (exit status %d)\n' "$STEP" "$rc"
  exit "$rc"
}
trap on_exit EXIT

step "Installing build dependencies (scripts/install-deps.sh --demo)"
bash "$ROOT/scripts/install-deps.sh" --demo

step "Configuring and building libcraton_hsm.so (Release, Ninja, ccache) in $BUILD_DIR/"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
# A production-shaped build: no tests, so no test fault-injection hooks.
cmake -S "$ROOT" -B "$ROOT/$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCRATON_BUILD_TESTS=OFF -DCRATON_BUILD_BENCH=OFF
cmake --build "$ROOT/$BUILD_DIR" --target craton_hsm -- -j"$(nproc)"
ls -l "$MODULE"

step "Writing a demo configuration (SQLite store in a temporary directory)"
DEMO="$(mktemp -d "${TMPDIR:-/tmp}/craton-demo.XXXXXX")"
[[ -z "${CRATON_DEMO_KEEP:-}" ]] || echo "(keeping $DEMO)"
mkdir -p "$DEMO/store"
cat >"$DEMO/craton_hsm.toml" <<TOML
[token]
slot_count = 1
labels = ["demo"]

[storage]
backend = "sqlite"
path = "$DEMO/store"
pbkdf2_iterations = 100000

[logging]
level = "warn"
TOML
export CRATON_HSM_CONF="$DEMO/craton_hsm.toml"
cat "$CRATON_HSM_CONF"
cd "$DEMO"
p11() { pkcs11-tool --module "$MODULE" "$@"; }

step "Initialising the token (C_InitToken): label 'demo'"
p11 --init-token --label demo --so-pin "$SO_PIN"

step "Setting the user PIN (C_InitPIN, logged in as SO)"
p11 --login --login-type so --so-pin "$SO_PIN" --init-pin --pin "$USER_PIN"
p11 --list-token-slots

step "Generating an EC P-256 key pair on the token (id 01, label demo-ec)"
p11 --login --pin "$USER_PIN" --keypairgen --key-type EC:prime256v1 --id 01 --label demo-ec

step "Signing data with ECDSA-SHA256 (raw r||s and DER for openssl)"
echo "Hello from the Craton HSM demo, $(date -u +%FT%TZ)" >data.txt
p11 --login --pin "$USER_PIN" --sign --mechanism ECDSA-SHA256 --id 01 \
  --input-file data.txt --output-file sig.rs
p11 --login --pin "$USER_PIN" --sign --mechanism ECDSA-SHA256 --id 01 \
  --signature-format openssl --input-file data.txt --output-file sig.der
echo "raw signature: $(stat -c %s sig.rs) bytes; DER signature: $(stat -c %s sig.der) bytes"

step "Exporting the public key (--read-object --type pubkey)"
p11 --read-object --type pubkey --id 01 --output-file pub.der
openssl pkey -pubin -inform DER -in pub.der -out pub.pem
cat pub.pem

step "Verifying the signature with plain openssl"
openssl dgst -sha256 -verify pub.pem -signature sig.der data.txt
echo "tampered" >>data.txt
if openssl dgst -sha256 -verify pub.pem -signature sig.der data.txt >/dev/null 2>&1; then
  echo "openssl accepted a signature over changed data" >&2
  exit 1
fi
echo "(and openssl rejects the same signature over changed data)"
sed -i '$d' data.txt

step "Verifying the signature with pkcs11-tool --verify (C_Verify on the token)"
# pkcs11-tool --verify exits 0 even for a bad signature: check what it says.
p11_verify() {
  local out
  out="$(p11 --login --pin "$USER_PIN" --verify --mechanism ECDSA-SHA256 --id 01 \
    --input-file data.txt "$@" 2>&1)"
  echo "$out"
  grep -q "^Signature is valid" <<<"$out"
}
p11_verify --signature-file sig.rs
p11_verify --signature-format openssl --signature-file sig.der

step "Listing the token's objects"
p11 --login --pin "$USER_PIN" --list-objects

echo
echo "Demo completed successfully: the token key signed, openssl and the token verified."
