#!/bin/sh
# Writes the integrity sidecar <file>.hmac for the module's power-on
# software integrity test (FIPS 140-3 section 9.4): HMAC-SHA-256 of the
# whole file, in lower-case hex, keyed with the published constant in
# src/fips/integrity_key.h (the only place the key is written down).
#
#   tools/compute-integrity-hmac.sh [--key-header PATH] [--check] MODULE...
#
# Run it on the final file: stripping, re-linking or patching the module
# afterwards makes the test fail. --check compares instead of writing.
# Needs the openssl command-line tool.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
header="${CRATON_INTEGRITY_KEY_HEADER:-$here/../src/fips/integrity_key.h}"
check=0

while [ $# -gt 0 ]; do
  case "$1" in
    --key-header) header="$2"; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--key-header PATH] [--check] MODULE..." >&2; exit 2; }

key=$(sed -n 's/^#define CRATON_INTEGRITY_KEY_HEX "\([0-9a-f]\{64\}\)".*$/\1/p' "$header")
[ -n "$key" ] || { echo "no CRATON_INTEGRITY_KEY_HEX in $header" >&2; exit 1; }

status=0
for module in "$@"; do
  [ -f "$module" ] || { echo "not a file: $module" >&2; exit 1; }
  mac=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -r "$module" | cut -d' ' -f1)
  case "$mac" in
    [0-9a-f]*) ;;
    *) echo "openssl failed on $module" >&2; exit 1 ;;
  esac
  if [ "$check" -eq 1 ]; then
    if [ "$(tr -d ' \t\r\n' < "$module.hmac" 2>/dev/null)" = "$mac" ]; then
      echo "$module: OK"
    else
      echo "$module: MISMATCH" >&2
      status=1
    fi
  else
    printf '%s\n' "$mac" > "$module.hmac"
    echo "wrote $module.hmac"
  fi
done
exit $status
