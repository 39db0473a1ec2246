#!/usr/bin/env bash
# test.sh - the whole Craton HSM test suite, as CI runs it (.ci/run):
#   1. scripts/install-deps.sh --test
#   2. build/ (RelWithDebInfo, GCC, with tests): ctest, then the real-client
#      tests (tests/clients/run_all.sh) against build/libcraton_hsm.so
#   3. build-asan/ (clang-14, ASan+UBSan): the unit and ABI tests again
# Ends with one line "N passed, M failed" (ctest tests + client checks) and
# exits non-zero if anything failed, including a build.
# Environment: CRATON_BUILD_DIR (build), CRATON_ASAN_BUILD_DIR (build-asan),
#   CRATON_JOBS (2), CRATON_SKIP_ASAN=1 to skip stage 3,
#   CRATON_ASAN_CC / CRATON_ASAN_CXX (clang-14 / clang++-14).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="$ROOT/${CRATON_BUILD_DIR:-build}"
ASAN_DIR="$ROOT/${CRATON_ASAN_BUILD_DIR:-build-asan}"
JOBS="${CRATON_JOBS:-2}"
ASAN_CC="${CRATON_ASAN_CC:-clang-14}"
ASAN_CXX="${CRATON_ASAN_CXX:-clang++-14}"
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/craton-test-logs.XXXXXX")"
START=$SECONDS

# ccache: hit across clones and build directories (CI uses a fresh clone).
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

PASSED=0
FAILED=0
NOTES=()

section() { printf '\n======== %s (t=%ds) ========\n' "$*" "$((SECONDS - START))"; }
note() { NOTES+=("$*"); echo ">>> $*"; }
fail_stage() { FAILED=$((FAILED + 1)); note "FAILED: $*"; }

finish() {
  section "Summary"
  printf '%s\n' "${NOTES[@]}"
  echo "logs: $LOGS"
  echo "total time: $((SECONDS - START))s"
  echo "$PASSED passed, $FAILED failed"
  [[ $FAILED -eq 0 ]] && exit 0
  exit 1
}

# run_ctest NAME DIR [ctest args...]: adds its counts to the totals.
run_ctest() {
  local name="$1" dir="$2"; shift 2
  local log="$LOGS/ctest-$name.log"
  ctest --test-dir "$dir" --output-on-failure -j"$JOBS" --timeout 600 "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} line total failed
  line="$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log" | tail -1)"
  if [[ -z "$line" ]]; then
    fail_stage "ctest ($name): no result line (exit status $rc)"
    return
  fi
  failed="$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")"
  if [[ $total -eq 0 ]]; then
    fail_stage "ctest ($name): ran no test"
    return
  fi
  PASSED=$((PASSED + total - failed))
  FAILED=$((FAILED + failed))
  note "ctest ($name) -> $((total - failed)) of $total tests passed, $failed failed"
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then fail_stage "ctest ($name) exited $rc"; fi
}

section "Dependencies"
bash "$ROOT/scripts/install-deps.sh" --test || { fail_stage "install-deps.sh --test"; finish; }

# configure_and_build NAME DIR TARGETS CMAKE_ARGS...: TARGETS "" = all.
configure_and_build() {
  local name="$1" dir="$2" targets="$3"; shift 3
  if ! cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >"$LOGS/configure-$name.log" 2>&1; then
    cat "$LOGS/configure-$name.log"
    return 1
  fi
  local args=()
  [[ -n "$targets" ]] && read -r -a args <<<"--target $targets"
  cmake --build "$dir" "${args[@]}" -- -j"$JOBS" 2>&1 | tee "$LOGS/build-$name.log"
  return "${PIPESTATUS[0]}"
}

run_clients() {
  bash "$ROOT/tests/clients/run_all.sh" "$BUILD_DIR/libcraton_hsm.so" 2>&1 | tee "$LOGS/clients.log"
  local totals cp cf cs
  totals="$(grep '^CLIENT_TOTALS ' "$LOGS/clients.log" | tail -1)"
  if [[ -z "$totals" ]]; then
    fail_stage "clients: run_all.sh printed no totals"
    return
  fi
  cp="$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$totals")"
  cf="$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$totals")"
  cs="$(sed -E 's/.*skipped=([0-9]+).*/\1/' <<<"$totals")"
  PASSED=$((PASSED + cp)) FAILED=$((FAILED + cf))
  note "client checks -> $cp passed, $cf failed, $cs skipped"
}

section "Build $BUILD_DIR (RelWithDebInfo, tests on)"
if configure_and_build main "$BUILD_DIR" "" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
     -DCRATON_BUILD_TESTS=ON -DCRATON_SANITIZE=; then
  note "build ($BUILD_DIR): ok"
  section "ctest ($BUILD_DIR)"
  run_ctest main "$BUILD_DIR"
  section "Real clients (tests/clients/run_all.sh)"
  run_clients
else
  fail_stage "build of $BUILD_DIR (its ctest and client tests not run)"
fi

if [[ -z "${CRATON_SKIP_ASAN:-}" ]]; then
  section "Build $ASAN_DIR ($ASAN_CXX, address;undefined)"
  # clang links the sanitizer runtime into executables only, but the module is
  # a shared library linked with --no-undefined: both use the shared runtime.
  RTDIR="$(dirname "$("$ASAN_CC" -print-file-name=libclang_rt.asan-x86_64.so)")"
  SAN_LINK="-shared-libsan -Wl,-rpath,$RTDIR"
  if CC="$ASAN_CC" CXX="$ASAN_CXX" configure_and_build asan "$ASAN_DIR" \
       "craton_hsm unit_tests abi_tests" -DCMAKE_BUILD_TYPE=Debug -DCRATON_BUILD_TESTS=ON \
       -DCRATON_SANITIZE="address;undefined" \
       -DCMAKE_EXE_LINKER_FLAGS="$SAN_LINK" -DCMAKE_SHARED_LINKER_FLAGS="$SAN_LINK"; then
    note "build ($ASAN_DIR): ok"
    section "ctest ($ASAN_DIR: unit + abi under ASan/UBSan)"
    ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      run_ctest asan "$ASAN_DIR" -L "unit|abi"
  else
    fail_stage "build of $ASAN_DIR (sanitizer tests not run)"
  fi
fi

finish
