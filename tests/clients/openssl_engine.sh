#!/usr/bin/env bash
# openssl_engine.sh [MODULE] - OpenSSL 3 through libp11's pkcs11 engine
# (Debian's libengine-pkcs11-openssl) with token keys; results are verified
# by plain openssl with the public keys exported from the token.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

ENGINES_DIR="$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"$/\1/p')"
ENGINE_SO="$ENGINES_DIR/pkcs11.so"
if [[ ! -f "$ENGINE_SO" ]]; then
  echo "FAIL openssl-engine-present: $ENGINE_SO missing (install libengine-pkcs11-openssl)"
  CT_FAILED=$((CT_FAILED + 1))
  ct_end
fi

cat >"$WORK/openssl.cnf" <<EOF
openssl_conf = openssl_init

[openssl_init]
engines = engine_section

[engine_section]
pkcs11 = pkcs11_section

[pkcs11_section]
engine_id = pkcs11
dynamic_path = $ENGINE_SO
MODULE_PATH = $MODULE
init = 0
EOF
export OPENSSL_CONF="$WORK/openssl.cnf"

ct_setup_token

t_keys() {
  must p11u --keypairgen --key-type RSA:2048 --id 01 --label eng-rsa
  must p11u --keypairgen --key-type EC:prime256v1 --id 02 --label eng-ec
  export_pubkey_pem 01 rsa.pem
  export_pubkey_pem 02 ec.pem
}
check engine-token-keys t_keys

uri() {  # uri OBJECT TYPE
  echo "pkcs11:token=$TOKEN_LABEL;object=$1;type=$2?pin-value=$USER_PIN"
}
RSA_KEY="$(uri eng-rsa private)"
EC_KEY="$(uri eng-ec private)"

head -c 4000 /dev/urandom >data.bin
openssl dgst -sha256 -binary data.bin >data.sha256
printf 'other data' | openssl dgst -sha256 -binary >other.sha256

t_engine_loads() {
  openssl engine -t -c pkcs11 >out 2>&1; cat out
  expect_in out "\\[ available \\]" "openssl engine -t pkcs11"
}
check engine-loads t_engine_loads

# verify_pkeyutl PUB SIG [pkeyopts...]: good for data.sha256, bad for other.sha256.
verify_pkeyutl() {
  local pub="$1" sig="$2"; shift 2
  openssl pkeyutl -verify -pubin -inkey "$pub" -in data.sha256 -sigfile "$sig" "$@" >v 2>&1
  cat v; expect_in v "Signature Verified Successfully" "openssl pkeyutl -verify"
  if openssl pkeyutl -verify -pubin -inkey "$pub" -in other.sha256 -sigfile "$sig" "$@" >vb 2>&1; then
    cat vb; die "openssl accepted the signature for other data"
  fi
}

t_rsa_sign() {
  openssl pkeyutl -engine pkcs11 -keyform engine -inkey "$RSA_KEY" -sign \
    -pkeyopt digest:sha256 -in data.sha256 -out sig.bin >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "engine RSA sign failed"
  [[ $(stat -c %s sig.bin) -eq 256 ]] || die "signature is not 256 bytes"
  verify_pkeyutl rsa.pem sig.bin -pkeyopt digest:sha256
}
check engine-rsa-pkcs1-sign t_rsa_sign

t_rsa_pss() {
  openssl pkeyutl -engine pkcs11 -keyform engine -inkey "$RSA_KEY" -sign \
    -pkeyopt rsa_padding_mode:pss -pkeyopt digest:sha256 -pkeyopt rsa_pss_saltlen:32 \
    -in data.sha256 -out sig.bin >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "engine RSA-PSS sign failed"
  verify_pkeyutl rsa.pem sig.bin -pkeyopt rsa_padding_mode:pss -pkeyopt digest:sha256 \
    -pkeyopt rsa_pss_saltlen:32
}
check engine-rsa-pss-sign t_rsa_pss

t_ec_sign() {
  openssl pkeyutl -engine pkcs11 -keyform engine -inkey "$EC_KEY" -sign \
    -in data.sha256 -out sig.der >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "engine ECDSA sign failed"
  openssl asn1parse -inform DER -in sig.der >asn 2>&1; cat asn
  expect_in asn "INTEGER" "DER ECDSA signature"
  verify_pkeyutl ec.pem sig.der
}
check engine-ecdsa-p256-sign t_ec_sign

t_dgst_sign() {
  openssl dgst -sha256 -engine pkcs11 -keyform engine -sign "$RSA_KEY" -out sig.bin data.bin \
    >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "openssl dgst -sign with the engine failed"
  openssl dgst -sha256 -verify rsa.pem -signature sig.bin data.bin >v 2>&1
  cat v; expect_in v "Verified OK" "openssl dgst -verify"
}
check engine-dgst-sha256-sign t_dgst_sign

rsa_decrypt() {  # rsa_decrypt PADDING
  head -c 32 /dev/urandom >secret.bin
  must openssl pkeyutl -encrypt -pubin -inkey rsa.pem -pkeyopt "rsa_padding_mode:$1" \
    -in secret.bin -out ct.bin
  openssl pkeyutl -engine pkcs11 -keyform engine -inkey "$RSA_KEY" -decrypt \
    -pkeyopt "rsa_padding_mode:$1" -in ct.bin -out pt.bin >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "engine RSA decrypt ($1) failed"
  same_files pt.bin secret.bin "decrypted secret"
}
t_rsa_decrypt_pkcs1() { rsa_decrypt pkcs1; }
t_rsa_decrypt_oaep() { rsa_decrypt oaep; }
check engine-rsa-pkcs1-decrypt t_rsa_decrypt_pkcs1
check engine-rsa-oaep-decrypt t_rsa_decrypt_oaep

cert_for() {  # cert_for KEY_URI PUB_PEM
  openssl req -new -x509 -engine pkcs11 -keyform engine -key "$1" -sha256 -days 2 \
    -subj "/CN=craton client test" -out cert.pem >out 2>&1
  local rc=$?; cat out; [[ $rc -eq 0 ]] || die "openssl req -x509 with a token key failed"
  openssl verify -CAfile cert.pem cert.pem >v 2>&1
  cat v; expect_in v "cert.pem: OK" "openssl verify of the self-signed certificate"
  openssl x509 -in cert.pem -noout -pubkey >cert_pub.pem
  same_files <(openssl pkey -pubin -in cert_pub.pem -outform DER) \
    <(openssl pkey -pubin -in "$2" -outform DER) "certificate key vs token key"
}
t_cert_rsa() { cert_for "$RSA_KEY" rsa.pem; }
t_cert_ec() { cert_for "$EC_KEY" ec.pem; }
check engine-self-signed-cert-rsa t_cert_rsa
check engine-self-signed-cert-ec t_cert_ec

ct_end
