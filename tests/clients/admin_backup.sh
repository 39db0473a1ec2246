#!/usr/bin/env bash
# admin_backup.sh [MODULE] - craton-hsm-admin backup / restore (issue #3):
# keys made with pkcs11-tool survive backup, wipe (init-token) and restore,
# keep their labels and still sign, verify and decrypt as before; damaged
# files, wrong passphrases and an occupied slot are refused and leave the
# store byte for byte as it was.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

ct_use_admin admin-backup-binary
printf '%s\n' "$SO_PIN" >so.pin
printf '%s\n' "$USER_PIN" >user.pin
PASSPHRASE="backup pass phrase 42"
printf '%s\n' "$PASSPHRASE" >pass.txt
IV=000102030405060708090a0b0c0d0e0f

# A digest of every row of the store (all tables, counters included).
store_fp() {
  python3 - "${1:-$WORK/store}/craton_hsm.db" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for line in db.iterdump():
    h.update(line.encode() + b"\n")
print(h.hexdigest())
EOF
}

# flip_byte FILE OFFSET: xor one bit of one byte in place.
flip_byte() {
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059
  printf "$(printf '\\x%02x' $((b ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

ct_setup_token

t_make_keys() {
  p11u --keypairgen --key-type RSA:2048 --id 10 --label bk-rsa >out 2>&1; cat out
  expect_in out "Private Key Object; RSA"
  p11u --keypairgen --key-type EC:prime256v1 --id 11 --label bk-ec >out 2>&1; cat out
  expect_in out "Private Key Object; EC"
  p11u --keygen --key-type AES:32 --id 20 --label bk-aes >out 2>&1; cat out
  expect_in out "Secret Key Object; AES length 32"
  export_pubkey_pem 10 rsa.pem
  export_pubkey_pem 11 ec.pem
  head -c 100 /dev/urandom >plain.bin
  must p11u --encrypt --id 20 -m AES-CBC-PAD --iv $IV -i plain.bin -o ct.bin
  echo "to be signed after the restore" >data.bin
}
check backup-setup-keys t_make_keys || ct_abort "could not create the keys to back up"

t_backup() {
  adm backup --slot 0 --out tok.bkp --passphrase-file pass.txt >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "backup exited $rc"
  expect_in out "^slot 0 backed up to tok.bkp: [0-9]+ record\\(s\\), 5 object\\(s\\)"
  [[ "$(head -c 8 tok.bkp)" == CRATONBK ]] || die "the file does not start with CRATONBK"
  [[ "$(stat -c %a tok.bkp)" == 600 ]] || die "the backup file is not mode 0600"
  # Labels and records are in the encrypted body, not in clear.
  local s
  for s in bk-rsa bk-aes "$TOKEN_LABEL" so_wrap; do
    if grep -aq -- "$s" tok.bkp; then die "'$s' is readable in the backup file"; fi
  done
  # The passphrase may also come from the environment; each file has its own salt and nonce.
  CRATON_BACKUP_PASSPHRASE="$PASSPHRASE" adm backup --slot 0 --out tok2.bkp >out2 2>&1 || die "backup with \$CRATON_BACKUP_PASSPHRASE failed"
  cmp -s <(head -c 68 tok.bkp) <(head -c 68 tok2.bkp) && die "two backups share salt and nonce"
  true
}
check admin-backup t_backup || ct_abort "no backup file to restore"

t_backup_refusals() {
  CRATON_BACKUP_PASSPHRASE=short adm backup --slot 0 --out short.bkp >out 2>&1; local rc=$?; cat out
  [[ $rc -ne 0 ]] || die "a 5-byte passphrase was accepted"
  expect_in out "at least 8 bytes"
  [[ ! -e short.bkp ]] || die "a refused backup left a file"
  adm backup --slot 0 --out low.bkp --passphrase-file pass.txt --iterations 1000 >out 2>&1 && die "--iterations 1000 was accepted"
  cat out
  adm backup --slot 0 --out x.bkp >out 2>&1 && die "backup without a passphrase source (no terminal) succeeded"
  cat out
  expect_in out "no terminal"
  adm backup --slot 3 --out x.bkp --passphrase-file pass.txt >out 2>&1 && die "backup of an unconfigured slot succeeded"
  cat out
  expect_in out "slot 3 is not configured"
}
check admin-backup-refusals t_backup_refusals

t_wipe() {
  adm init-token --slot 0 --label wiped --so-pin-file so.pin >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "init-token exited $rc"
  p11 -L >l 2>&1; cat l
  expect_in l "token label *: *wiped\$" "pkcs11-tool -L after init-token"
  p11 -O >o 2>&1; cat o
  expect_not_in o "bk-rsa|bk-ec" "objects after init-token"
}
check backup-wipe-token t_wipe || ct_abort "could not wipe the token"

t_refuse_occupied() {
  local before after
  before="$(store_fp)"
  adm restore --slot 0 --in tok.bkp --passphrase-file pass.txt >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 3 ]] || die "restore onto an initialised token without --force exited $rc, not 3"
  expect_in out "already holds a token \\(use --force"
  after="$(store_fp)"
  [[ "$before" == "$after" ]] || die "the refused restore changed the store"
}
check admin-restore-needs-force t_refuse_occupied

# expect_refused NAME FILE REGEX [ENV...]: restore --force of FILE must exit 2
# with REGEX in its one-line error and leave the store unchanged.
expect_refused() {
  local name="$1" file="$2" regex="$3" before after rc
  shift 3
  before="$(store_fp)"
  if [[ $# -gt 0 ]]; then
    env "$@" "$ADMIN" --module "$MODULE" restore --slot 0 --in "$file" --force >"$name.out" 2>&1; rc=$?
  else
    adm restore --slot 0 --in "$file" --force --passphrase-file pass.txt >"$name.out" 2>&1; rc=$?
  fi
  echo "[$name] rc=$rc: $(cat "$name.out")"
  [[ $rc -eq 2 ]] || die "$name: restore exited $rc, not 2"
  [[ $(wc -l <"$name.out") -eq 1 ]] || die "$name: the error is not one line"
  expect_in "$name.out" "^error: .*$regex" "$name"
  after="$(store_fp)"
  [[ "$before" == "$after" ]] || die "$name: the refused restore changed the store"
}

t_tampered() {
  local size auth="authentication failed"
  size=$(stat -c %s tok.bkp)
  cp tok.bkp t1.bkp; flip_byte t1.bkp 30; expect_refused salt t1.bkp "$auth"
  cp tok.bkp t2.bkp; flip_byte t2.bkp 50; expect_refused nonce t2.bkp "$auth"
  cp tok.bkp t3.bkp; flip_byte t3.bkp $((size / 2)); expect_refused body t3.bkp "$auth"
  cp tok.bkp t4.bkp; flip_byte t4.bkp $((size - 1)); expect_refused tag t4.bkp "$auth"
  cp tok.bkp t5.bkp; flip_byte t5.bkp 12; expect_refused iterations-in-range t5.bkp "$auth"
  head -c $((size - 1)) tok.bkp >t6.bkp; expect_refused truncated t6.bkp "truncated"
  cp tok.bkp t7.bkp; printf 'x' >>t7.bkp; expect_refused appended t7.bkp "extra bytes"
  cp tok.bkp t8.bkp; printf '\x02' | dd of=t8.bkp bs=1 seek=8 conv=notrunc status=none
  expect_refused version t8.bkp "unsupported backup format version"
  cp tok.bkp t9.bkp; printf '\xe8\x03\x00\x00' | dd of=t9.bkp bs=1 seek=12 conv=notrunc status=none
  expect_refused low-iterations t9.bkp "iteration count .* outside the allowed range"
  cp tok.bkp t10.bkp; flip_byte t10.bkp 0; expect_refused magic t10.bkp "not a Craton HSM backup"
  expect_refused wrong-passphrase tok.bkp "wrong passphrase" CRATON_BACKUP_PASSPHRASE="backup pass phrase 43"
  # A refused file does not even create the store it was meant for.
  adm restore --slot 0 --in t3.bkp --passphrase-file pass.txt --store "$WORK/never" >n.out 2>&1 && die "restore of a damaged file into a new store succeeded"
  [[ ! -e "$WORK/never" ]] || die "a refused restore created the store directory"
}
check admin-restore-tampered-refused t_tampered

t_restore() {
  adm restore --slot 0 --in tok.bkp --passphrase-file pass.txt --force >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "restore exited $rc"
  expect_in out "^slot 0 restored from tok.bkp \\(backup of slot 0 made [0-9T:-]+Z\\): [0-9]+ record\\(s\\), 5 object\\(s\\)"
  p11 -L >l 2>&1; cat l
  expect_in l "token label *: *$TOKEN_LABEL\$" "label after restore"
  p11u -O >o 2>&1; cat o
  local label
  for label in bk-rsa bk-ec bk-aes; do expect_in o "label: +$label\$" "objects after restore"; done
  # The restored private keys sign for the public keys exported before the backup.
  must p11u --sign --id 10 -m SHA256-RSA-PKCS -i data.bin -o rsa.sig
  openssl dgst -sha256 -verify rsa.pem -signature rsa.sig data.bin >v 2>&1; cat v
  expect_in v "Verified OK" "RSA signature of the restored key"
  must p11u --sign --id 11 -m ECDSA-SHA256 -i data.bin -o ec.sig --signature-format openssl
  openssl dgst -sha256 -verify ec.pem -signature ec.sig data.bin >v 2>&1; cat v
  expect_in v "Verified OK" "ECDSA signature of the restored key"
  # The restored AES key decrypts what the original encrypted.
  must p11u --decrypt --id 20 -m AES-CBC-PAD --iv $IV -i ct.bin -o pt.bin
  same_files pt.bin plain.bin "AES decryption with the restored key"
  # The SO PIN came back too.
  adm init-pin --slot 0 --so-pin-file so.pin --pin-file user.pin >p 2>&1 || { cat p; die "SO PIN of the restored token refused"; }
}
check admin-restore t_restore

t_restore_other_store() {
  adm restore --slot 0 --in tok.bkp --passphrase-file pass.txt --store "$WORK/store2" >out 2>&1; local rc=$?; cat out
  [[ $rc -eq 0 ]] || die "restore into an empty store exited $rc"
  ct_write_config "$WORK/other.toml" "$WORK/store2" unused
  CRATON_HSM_CONF="$WORK/other.toml" p11 -L >l 2>&1; cat l
  expect_in l "token label *: *$TOKEN_LABEL\$" "label in the new store"
  CRATON_HSM_CONF="$WORK/other.toml" p11u --sign --id 10 -m SHA256-RSA-PKCS -i data.bin -o rsa2.sig >s 2>&1 || { cat s; die "sign in the new store failed"; }
  openssl dgst -sha256 -verify rsa.pem -signature rsa2.sig data.bin >v 2>&1; cat v
  expect_in v "Verified OK" "RSA signature in the new store"
}
check admin-restore-into-new-store t_restore_other_store

ct_end
