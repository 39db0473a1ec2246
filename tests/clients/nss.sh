#!/usr/bin/env bash
# nss.sh [MODULE] - Mozilla NSS tools (modutil, certutil, cmsutil, pk12util)
# with our module added to a fresh NSS database. Keys are generated on the
# token by certutil; every token result NSS reports is cross-checked through
# pkcs11-tool, and every signature NSS makes with a token key is verified by
# plain openssl as well.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

for tool in certutil modutil cmsutil pk12util; do
  if ! command -v "$tool" >/dev/null; then
    skip "$CT_NAME" "$tool not installed (Debian package libnss3-tools)"
    ct_end
  fi
done

DB="sql:$WORK/nssdb"
echo "$USER_PIN" >"$WORK/pin.txt"
echo "99999999" >"$WORK/badpin.txt"
head -c 64 /dev/urandom >"$WORK/noise.bin"  # certutil -S would ask for keystrokes
# NSS runs each command bounded; -f feeds the user PIN to every token it asks.
nss() { timeout "$CT_TIMEOUT" "$@"; }
cu() { nss certutil -d "$DB" "$@"; }
tok() { echo "$TOKEN_LABEL:$1"; }
# NSS tools often end output without a newline; keep REASON lines separate.
show() { cat "$1"; echo; }
# ids_of KIND FILE: CKA_IDs of the "KIND Object" entries in pkcs11-tool -O output.
ids_of() { awk -v k="$1 Object" 'index($0, k) == 1 {t = 1; next} /^[^ ]/ {t = 0} t && $1 == "ID:" {print $2}' "$2"; }

ct_setup_token

# ---- database and module registration ---------------------------------------
t_create_db() {
  mkdir -p "$WORK/nssdb"
  nss certutil -N -d "$DB" --empty-password >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -N exited $rc"
  [[ -f "$WORK/nssdb/cert9.db" && -f "$WORK/nssdb/key4.db" ]] || die "no cert9.db/key4.db created"
}
check nss-create-db t_create_db || ct_abort "no NSS database"

t_modutil_add() {
  nss modutil -add craton -libfile "$MODULE" -dbdir "$DB" -force >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "modutil -add exited $rc"
  expect_in out 'Module "craton" added to database' "modutil -add"
  # Certificates on our token are public objects: FRIENDLY lets NSS find them
  # without a login (certutil -V and -L -n do not pass -f to the token).
  nss modutil -default craton -mechanisms FRIENDLY -dbdir "$DB" -force >out2 2>&1; rc=$?; show out2
  [[ $rc -eq 0 ]] || die "modutil -default FRIENDLY exited $rc"
  grep -Fqx "library=$MODULE" "$WORK/nssdb/pkcs11.txt" || die "pkcs11.txt lacks our library"
}
check nss-modutil-add t_modutil_add || ct_abort "module not added"

t_modutil_list() {
  nss modutil -list craton -dbdir "$DB" >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "modutil -list craton exited $rc"
  expect_in out "Library file: $MODULE\$" "modutil -list craton"
  expect_in out "Manufacturer: $MAKER" "modutil -list craton"
  expect_in out "Token Name: $TOKEN_LABEL *\$" "modutil -list craton"
  expect_in out "Status: Enabled" "modutil -list craton"
  expect_in out "Default Mechanism Flags: .*FRIENDLY" "modutil -list craton"
  nss modutil -list -dbdir "$DB" >out2 2>&1; show out2
  expect_in out2 "library name: $MODULE\$" "modutil -list"
  expect_in out2 "token: $TOKEN_LABEL\$" "modutil -list"
  expect_in out2 "uri: pkcs11:token=$TOKEN_LABEL;manufacturer=$MAKER" "modutil -list"
  expect_in out2 "status: loaded" "modutil -list"
}
check nss-modutil-list t_modutil_list

t_list_tokens() {
  cu -U >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -U exited $rc"
  expect_in out "token: $TOKEN_LABEL\$" "certutil -U"
  cu -L -h all -f "$WORK/pin.txt" >out2 2>&1; rc=$?; show out2
  [[ $rc -eq 0 ]] || die "certutil -L -h all exited $rc"
  expect_in out2 "Certificate Nickname" "certutil -L -h all"
  expect_not_in out2 "^$TOKEN_LABEL:" "certutil -L -h all on an empty token"
}
check nss-list-tokens t_list_tokens

# ---- key pairs and self-signed certificates generated on the token -----------
# gen_cert NICK SUBJECT KEYARGS...: certutil -S on our token.
gen_cert() {
  local nick="$1" subj="$2"; shift 2
  cu -S -h "$TOKEN_LABEL" -f "$WORK/pin.txt" -z "$WORK/noise.bin" -n "$nick" -s "$subj" \
    -x -t "CT,C,C" -v 12 --keyUsage digitalSignature,nonRepudiation,certSigning "$@" >out 2>&1
  local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -S ($nick) exited $rc"
  cu -L -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >list 2>&1; show list
  expect_in list "^$(tok "$nick") " "certutil -L -h $TOKEN_LABEL"
  # The certificate NSS stored on the token is the one it reports...
  cu -L -n "$(tok "$nick")" -r >"$WORK/$nick.nss.der" 2>err || { show err; die "certutil -L -r $nick failed"; }
  must p11 --read-object --type cert --label "$nick" -o "$WORK/$nick.der"
  same_files "$WORK/$nick.der" "$WORK/$nick.nss.der" "token certificate vs NSS's"
  must openssl x509 -inform DER -in "$WORK/$nick.der" -out "$WORK/$nick.pem"
  openssl x509 -in "$WORK/$nick.pem" -noout -subject -nameopt RFC2253 >subj; show subj
  expect_in subj "^subject=${subj}\$" "certificate subject"
  # ...its self-signature was made by the token key and verifies...
  openssl verify -check_ss_sig -CAfile "$WORK/$nick.pem" "$WORK/$nick.pem" >ver 2>&1; show ver
  expect_in ver ": OK\$" "openssl verify of the self-signed certificate"
  # ...and it certifies the token's public key with the same CKA_ID.
  p11 --list-objects --type cert >objs 2>&1; show objs
  local id
  id="$(awk -v n="$nick" '/label:/{l=$2} /ID:/{if (l==n) print $2}' objs | head -1)"
  [[ -n "$id" ]] || die "no CKA_ID on certificate $nick"
  echo "$id" >"$WORK/$nick.id"
  export_pubkey_pem "$id" "$WORK/$nick.pub.pem"
  same_files <(openssl x509 -in "$WORK/$nick.pem" -noout -pubkey) "$WORK/$nick.pub.pem" \
    "certificate key vs token public key $id"
}
t_gen_ec() {
  gen_cert nss-ec "CN=Craton NSS EC,O=Craton" -k ec -q nistp256
  openssl x509 -in "$WORK/nss-ec.pem" -noout -text >txt; show txt
  expect_in txt "Signature Algorithm: ecdsa-with-SHA256" "certificate"
  expect_in txt "(ASN1 OID|NIST CURVE): (prime256v1|P-256)" "certificate key"
}
t_gen_rsa() {
  gen_cert nss-rsa "CN=Craton NSS RSA,O=Craton" -k rsa -g 2048
  openssl x509 -in "$WORK/nss-rsa.pem" -noout -text >txt; show txt
  expect_in txt "Signature Algorithm: sha256WithRSAEncryption" "certificate"
  expect_in txt "Public-Key: \\(2048 bit\\)" "certificate key"
}
check nss-certutil-gen-ec-p256 t_gen_ec
check nss-certutil-gen-rsa2048 t_gen_rsa

t_token_objects() {
  p11u --list-objects >objs 2>&1; show objs
  local n id
  n=$(grep -c "^Certificate Object" objs)
  [[ $n -eq 2 ]] || die "expected 2 certificates on the token, found $n"
  for n in nss-ec nss-rsa; do
    [[ -f "$WORK/$n.id" ]] || die "no $n certificate (earlier check failed)"
    id="$(cat "$WORK/$n.id")"
    # A private and a public key object carry the certificate's CKA_ID.
    ids_of "Private Key" objs | grep -qx "$id" || die "no private key with ID $id ($n)"
    ids_of "Public Key" objs | grep -qx "$id" || die "no public key with ID $id ($n)"
  done
  expect_in objs "^Private Key Object; EC" "token objects"
  expect_in objs "^Private Key Object; RSA" "token objects"
  # The private keys NSS generated are sensitive and private.
  p11 --list-objects --type privkey >pub 2>&1; show pub
  expect_not_in pub "Private Key Object" "listing without login"
}
check nss-token-objects t_token_objects

t_list_keys() {
  cu -K -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -K exited $rc"
  expect_in out "^< ?[0-9]+> ec +$(cat "$WORK/nss-ec.id") +$(tok nss-ec)\$" "certutil -K"
  expect_in out "^< ?[0-9]+> rsa +$(cat "$WORK/nss-rsa.id") +$(tok nss-rsa)\$" "certutil -K"
  [[ $(grep -Ec '^< ?[0-9]+>' out) -eq 2 ]] || die "certutil -K should list exactly 2 keys"
}
check nss-certutil-list-keys t_list_keys

# ---- certificate validation ----------------------------------------------------
validate() {  # validate NICK
  cu -V -n "$(tok "$1")" -u S -e -f "$WORK/pin.txt" >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -V $1 exited $rc"
  expect_in out "certificate is valid" "certutil -V $1"
  # The same check fails once the certificate has expired (-b: 2099).
  if cu -V -n "$(tok "$1")" -u S -e -b 990101000000Z >out2 2>&1; then
    show out2; die "certutil -V accepted $1 in 2099"
  fi
  show out2
  expect_in out2 "certificate is invalid" "certutil -V -b 2099"
}
t_validate_ec() { validate nss-ec; }
t_validate_rsa() { validate nss-rsa; }
check nss-certutil-validate-ec t_validate_ec
check nss-certutil-validate-rsa t_validate_rsa

# ---- CMS signatures made with the token keys -----------------------------------
cms_sign_verify() {  # cms_sign_verify NICK
  local nick="$1"
  printf 'Craton HSM NSS signing test %s\n' "$nick" >msg.txt
  nss cmsutil -S -d "$DB" -N "$(tok "$nick")" -H SHA256 -G -Y NONE -f "$WORK/pin.txt" \
    -i msg.txt -o msg.p7 >out 2>&1
  local rc=$?; show out
  [[ $rc -eq 0 ]] || die "cmsutil -S with $nick exited $rc"
  nss cmsutil -D -d "$DB" -f "$WORK/pin.txt" -i msg.p7 -o decoded.txt >dec 2>&1; rc=$?; show dec
  [[ $rc -eq 0 ]] || die "cmsutil -D exited $rc on our signature"
  same_files msg.txt decoded.txt "cmsutil -D content"
  # An independent verifier agrees.
  openssl cms -verify -inform DER -in msg.p7 -CAfile "$WORK/$nick.pem" -out ossl.txt >ov 2>&1; show ov
  expect_in ov "Verification successful" "openssl cms -verify"
  same_files msg.txt ossl.txt "openssl cms -verify content"
  # A changed byte of the signed content must be caught by both.
  python3 -c '
import sys
b = open("msg.p7", "rb").read(); i = b.index(b"Craton HSM")
open("bad.p7", "wb").write(b[:i] + b"X" + b[i + 1:])' || die "could not tamper"
  if nss cmsutil -D -d "$DB" -f "$WORK/pin.txt" -i bad.p7 -o bad.txt >bad 2>&1; then
    show bad; die "cmsutil -D accepted tampered content"
  fi
  show bad
  expect_in bad "SEC_ERROR_PKCS7_BAD_SIGNATURE|DigestMismatch" "cmsutil -D of tampered content"
  if openssl cms -verify -inform DER -in bad.p7 -CAfile "$WORK/$nick.pem" -out /dev/null >/dev/null 2>&1; then
    die "openssl accepted tampered content"
  fi
}
t_cms_ec() { cms_sign_verify nss-ec; }
t_cms_rsa() { cms_sign_verify nss-rsa; }
check nss-cmsutil-sign-ec t_cms_ec
check nss-cmsutil-sign-rsa t_cms_rsa

# ---- login --------------------------------------------------------------------
t_wrong_pin() {
  if cu -K -h "$TOKEN_LABEL" -f "$WORK/badpin.txt" >out 2>&1; then
    show out; die "certutil -K accepted a wrong token password"
  fi
  show out
  expect_in out "SEC_ERROR_BAD_PASSWORD" "certutil -K with a wrong password"
  expect_not_in out "^< ?[0-9]+>" "certutil -K with a wrong password"
  # The right PIN still works (one failure does not lock the token).
  cu -K -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >ok 2>&1; local rc=$?; show ok
  [[ $rc -eq 0 ]] || die "certutil -K with the right PIN exited $rc after a wrong one"
}
check nss-wrong-password t_wrong_pin

# ---- PKCS#12 import to and export from the token --------------------------------
# NSS derives the PKCS#12 PBE key on the token (CKM_PKCS5_PBKD2) and unwraps
# the private key there.
t_pk12_import() {
  must openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout imp.key \
    -out "$WORK/imp.pem" -subj "/CN=Craton NSS import" -days 30
  must openssl pkcs12 -export -inkey imp.key -in "$WORK/imp.pem" -name nss-imp \
    -out imp.p12 -passout pass:p12secret
  echo p12secret >p12pw
  nss pk12util -i imp.p12 -d "$DB" -h "$TOKEN_LABEL" -k "$WORK/pin.txt" -w p12pw >out 2>&1
  local rc=$?; show out
  [[ $rc -eq 0 ]] || die "pk12util -i to the token exited $rc"
  expect_in out "PKCS12 IMPORT SUCCESSFUL" "pk12util -i"
  p11u --list-objects --type privkey >objs 2>&1; show objs
  [[ $(grep -c "^Private Key Object" objs) -eq 3 ]] || die "imported private key not on the token"
  # Sign with the imported key through NSS (once its certificate is trusted),
  # verify with openssl.
  must cu -M -n "$(tok nss-imp)" -t "CT,C,C" -f "$WORK/pin.txt"
  printf 'imported key\n' >m.txt
  nss cmsutil -S -d "$DB" -N "$(tok nss-imp)" -H SHA256 -G -Y NONE -f "$WORK/pin.txt" -i m.txt -o m.p7 >s 2>&1 \
    || { show s; die "cmsutil -S with the imported key failed"; }
  openssl cms -verify -inform DER -in m.p7 -CAfile "$WORK/imp.pem" -out /dev/null >ov 2>&1; show ov
  expect_in ov "Verification successful" "openssl cms -verify (imported key)"
}
check nss-pk12util-import t_pk12_import

t_pk12_export() {
  # NSS's keys are CKA_SENSITIVE but CKA_EXTRACTABLE: exported wrapped.
  nss pk12util -o exp.p12 -n "$(tok nss-ec)" -d "$DB" -k "$WORK/pin.txt" -W expsecret >out 2>&1
  local rc=$?; show out
  [[ $rc -eq 0 ]] || die "pk12util -o from the token exited $rc"
  expect_in out "PKCS12 EXPORT SUCCESSFUL" "pk12util -o"
  must openssl pkcs12 -in exp.p12 -passin pass:expsecret -nodes -nocerts -out exp.key
  same_files <(openssl pkey -in exp.key -pubout) "$WORK/nss-ec.pub.pem" "exported key vs token public key"
}
check nss-pk12util-export t_pk12_export

# ---- deletion -----------------------------------------------------------------
t_delete_cert() {
  cu -D -n "$(tok nss-rsa)" -f "$WORK/pin.txt" >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -D exited $rc"
  p11 --list-objects --type cert >objs 2>&1; show objs
  expect_not_in objs "label: *nss-rsa\$" "token certificates after certutil -D"
  expect_in objs "label: *nss-ec\$" "token certificates after certutil -D"
  # The key stays, now an orphan.
  cu -K -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >keys 2>&1; show keys
  expect_in keys "^< ?[0-9]+> rsa +$(cat "$WORK/nss-rsa.id") +\\(orphan\\)\$" "certutil -K after -D"
}
check nss-certutil-delete-cert t_delete_cert

t_delete_keys() {
  local ec_id rsa_id
  ec_id="$(cat "$WORK/nss-ec.id")" rsa_id="$(cat "$WORK/nss-rsa.id")"
  # -F -n removes the key together with its certificate.
  cu -F -n "$(tok nss-ec)" -f "$WORK/pin.txt" >out 2>&1; local rc=$?; show out
  [[ $rc -eq 0 ]] || die "certutil -F -n exited $rc"
  # -F -k removes the orphan by its CKA_ID.
  cu -F -k "$rsa_id" -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >out2 2>&1; rc=$?; show out2
  [[ $rc -eq 0 ]] || die "certutil -F -k exited $rc"
  p11u --list-objects >objs 2>&1; show objs
  expect_not_in objs "label: *nss-ec\$" "token objects after certutil -F"
  ids_of "Private Key" objs | grep -Eqx "$ec_id|$rsa_id" && die "a deleted private key is still on the token"
  cu -K -h "$TOKEN_LABEL" -f "$WORK/pin.txt" >keys 2>&1; show keys
  expect_not_in keys "($ec_id|$rsa_id)" "certutil -K after -F"
}
check nss-certutil-delete-keys t_delete_keys

ct_end
