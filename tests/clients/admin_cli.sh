#!/usr/bin/env bash
# admin_cli.sh [MODULE] - craton-hsm-admin (tools/admin) against the module.
# The CLI is looked for next to the module (where the build puts it) unless
# $CRATON_ADMIN names it.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

ct_use_admin admin-cli-binary
printf '%s\n' "$SO_PIN" >so.pin
printf '%s\n' "$USER_PIN" >user.pin
ADMIN_LABEL="admin-cli-token"

t_slots_fresh() {
  adm slots >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "slots exited $rc"
  expect_in out "^Slot 0: "
  expect_in out "slot flags: +.*CKF_TOKEN_PRESENT"
  expect_not_in out "CKF_TOKEN_INITIALIZED" "fresh token flags"
}
check admin-slots-fresh-token t_slots_fresh

t_init_token() {
  adm init-token --slot 0 --label "$ADMIN_LABEL" --so-pin-file so.pin >out 2>&1
  local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "init-token exited $rc"
  adm slots >s 2>&1; cat s
  expect_in s "token label: +$ADMIN_LABEL\$" "slots after init-token"
  expect_in s "token flags: +.*CKF_TOKEN_INITIALIZED" "slots after init-token"
  expect_not_in s "CKF_USER_PIN_INITIALIZED" "slots before init-pin"
  # An independent client must see the same token.
  p11 -L >l 2>&1; cat l
  expect_in l "token label *: *$ADMIN_LABEL\$" "pkcs11-tool -L"
}
check admin-init-token t_init_token

t_init_pin() {
  adm init-pin --slot 0 --so-pin-file so.pin --pin-file user.pin >out 2>&1
  local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "init-pin exited $rc"
  adm slots >s 2>&1; cat s
  expect_in s "CKF_USER_PIN_INITIALIZED" "slots after init-pin"
  # The new PIN must open the token for another client; a wrong one must not.
  must p11 --login --pin "$USER_PIN" -O
  if p11 --login --pin 0000000 -O >bad 2>&1; then die "a wrong user PIN was accepted"; fi
}
check admin-init-pin t_init_pin

t_env_pins() {
  CRATON_SO_PIN="$SO_PIN" CRATON_USER_PIN=24682468 adm init-pin --slot 0 >out 2>&1
  local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "init-pin with PINs from the environment exited $rc"
  must p11 --login --pin 24682468 -O
}
check admin-pins-from-environment t_env_pins

t_wrong_so_pin() {
  CRATON_SO_PIN=99999999 adm init-token --slot 0 --label other >out 2>&1
  local rc=$?; cat out
  [[ $rc -ne 0 ]] || die "init-token with a wrong SO PIN succeeded"
  expect_in out "CKR_PIN_INCORRECT" "error message"
  adm slots >s 2>&1
  expect_in s "token label: +$ADMIN_LABEL\$" "label after the refused init-token"
}
check admin-wrong-so-pin t_wrong_so_pin

t_no_pin_source() {
  adm init-token --slot 0 --label nopin </dev/null >out 2>&1
  local rc=$?; cat out
  [[ $rc -ne 0 ]] || die "init-token without any SO PIN source succeeded"
}
check admin-no-pin-no-terminal t_no_pin_source

t_mechanisms() {
  adm mechanisms --slot 0 >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "mechanisms exited $rc"
  expect_in out "^CKM_AES_GCM +0x00001087 +keysize 16\\.\\.32 .*CKF_ENCRYPT.*CKF_DECRYPT"
  expect_in out "^CKM_RSA_PKCS_KEY_PAIR_GEN .*CKF_GENERATE_KEY_PAIR"
  expect_in out "^CKM_SHA256 .*CKF_DIGEST"
  expect_not_in out "^CKM_0x" "mechanism names (unnamed mechanism)"
}
check admin-mechanisms t_mechanisms

t_bad_slot() {
  adm mechanisms --slot 4242 >out 2>&1; local rc=$?; cat out
  [[ $rc -ne 0 ]] || die "mechanisms of a missing slot succeeded"
  expect_in out "CKR_SLOT_ID_INVALID" "error message"
}
check admin-invalid-slot t_bad_slot

t_bad_module() {
  "$ADMIN" --module "$WORK/no-such-module.so" slots >out 2>&1; local rc=$?; cat out
  [[ $rc -ne 0 ]] || die "loading a missing module succeeded"
  expect_in out "cannot load module" "error message"
}
check admin-missing-module t_bad_module

t_mark_compromised() {
  must adm init-pin --slot 0 --so-pin-file so.pin --pin-file user.pin
  must p11u --keypairgen --key-type EC:prime256v1 --id 0a --label victim
  head -c 32 /dev/urandom >hash.bin
  must p11u --sign --id 0a -m ECDSA --input-file hash.bin --output-file sig.bin
  adm mark-compromised --slot 0 --label victim --pin-file user.pin >out 2>&1
  local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "mark-compromised exited $rc"
  expect_in out "^2 key object\\(s\\) in slot 0 marked compromised" "mark-compromised output"
  # SP 800-57: a compromised key may do nothing at all.
  if p11u --sign --id 0a -m ECDSA --input-file hash.bin --output-file sig2.bin >bad 2>&1; then
    die "a compromised key still signs"
  fi
  cat bad
  expect_in bad "CKR_KEY_FUNCTION_NOT_PERMITTED" "sign with a compromised key"
  if adm mark-compromised --slot 0 --label no-such-key --pin-file user.pin >none 2>&1; then
    die "mark-compromised without a matching key succeeded"
  fi
  expect_in none "no key object matches" "mark-compromised, no match"
}
check admin-mark-compromised t_mark_compromised

t_audit_verify() {
  local log="$WORK/store/audit.log"  # the default: next to the store
  [[ -s "$log" ]] || die "no audit log at $log"
  local cmd
  for cmd in "audit-verify" "audit verify"; do
    # shellcheck disable=SC2086  # "audit verify" is two words on purpose
    adm $cmd --file "$log" >out 2>&1; local rc=$?; cat out
    [[ $rc -eq 0 ]] || die "$cmd on an intact log exited $rc"
    expect_in out ": OK, [0-9]+ line.*chain intact" "$cmd, intact log"
  done
  cp "$log" bad.log
  sed -i '2s/"rv":0,/"rv":1,/' bad.log
  cmp -s "$log" bad.log && die "could not alter line 2 of the copy"
  adm audit verify --file bad.log >out 2>&1; rc=$?; cat out
  [[ $rc -eq 2 ]] || die "audit verify on an altered log exited $rc, not 2"
  expect_in out "BROKEN at line 2 " "audit verify, altered line 2"
}
check admin-audit-verify t_audit_verify

ct_end
