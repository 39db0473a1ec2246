#!/usr/bin/env bash
# run_all.sh [MODULE] - run every real-client test against the module and
# count their checks. Each client gets its own token, store and config.
#   MODULE defaults to $CRATON_MODULE, else build/libcraton_hsm.so.
# Prints each check, then one line the test driver reads:
#   CLIENT_TOTALS passed=P failed=F skipped=S
# Exit status 0 only if nothing failed.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE="${1:-${CRATON_MODULE:-$ROOT/build/libcraton_hsm.so}}"
# Whole-script bound: a hung client must not stall CI (commands inside have their own).
SCRIPT_TIMEOUT="${CT_SCRIPT_TIMEOUT:-900}"

CLIENTS=(pkcs11_tool.sh p11tool.sh ssh_keygen.sh pykcs11.sh openssl_engine.sh admin_cli.sh admin_backup.sh nss.sh)
if [[ -n "${CT_ONLY:-}" ]]; then read -r -a CLIENTS <<<"$CT_ONLY"; fi

total_pass=0 total_fail=0 total_skip=0
summary=()
for script in "${CLIENTS[@]}"; do
  echo "=== $script ==="
  out="$(mktemp)"
  timeout "$SCRIPT_TIMEOUT" bash "$HERE/$script" "$MODULE" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  p=$(grep -c '^PASS ' "$out")
  f=$(grep -c '^FAIL ' "$out")
  s=$(grep -c '^SKIP ' "$out")
  # A script that died without reporting a failure still failed.
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    echo "FAIL $script: exited with status $rc without reporting a failed check"
    f=1
  fi
  rm -f "$out"
  total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
  summary+=("$(printf '%-20s %3d pass %3d fail %3d skip' "$script" "$p" "$f" "$s")")
done

echo "=== client summary ==="
printf '%s\n' "${summary[@]}"
echo "CLIENT_TOTALS passed=$total_pass failed=$total_fail skipped=$total_skip"
[[ $total_fail -eq 0 ]]
