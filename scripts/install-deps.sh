#!/usr/bin/env bash
# install-deps.sh [--demo] [--test] - install the Debian 12 packages needed
# to build and run Craton HSM; --demo adds the clients scripts/demo.sh uses,
# --test everything the test suite drives (a superset of --demo).
# Idempotent and quick when everything is present: apt-get runs only if a
# package is missing. Needs root (or sudo).
set -euo pipefail

BUILD_PKGS=(
  cmake ninja-build g++ clang-14 pkg-config ccache
  libssl-dev libsqlite3-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
DEMO_PKGS=(opensc openssl)
TEST_PKGS=(
  opensc softhsm2 libengine-pkcs11-openssl gnutls-bin python3 python3-pykcs11
  libnss3-tools openssh-client openssl libclang-rt-14-dev valgrind
)

want_test=0 want_demo=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --demo) want_demo=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

pkgs=("${BUILD_PKGS[@]}")
[[ $want_demo -eq 1 ]] && pkgs+=("${DEMO_PKGS[@]}")
[[ $want_test -eq 1 ]] && pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
