#!/usr/bin/env bash
# ssh_keygen.sh [MODULE] - OpenSSH: ssh-keygen -D lists token keys; ssh-agent
# (with ssh-pkcs11-helper) signs with them, ssh-keygen -Y verifies.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

ct_setup_token

t_keys() {
  must p11u --keypairgen --key-type RSA:2048 --id 01 --label ssh-rsa-key
  must p11u --keypairgen --key-type EC:prime256v1 --id 02 --label ssh-ec-key
  export_pubkey_pem 01 rsa.pem
  export_pubkey_pem 02 ec.pem
}
check ssh-token-keys t_keys

# OpenSSH public key blob of a PEM public key (field 2 of the one-line form).
ssh_blob() { ssh-keygen -i -m PKCS8 -f "$1" | awk '{print $2}'; }

t_list() {
  timeout "$CT_TIMEOUT" ssh-keygen -D "$MODULE" >out 2>err; local rc=$?
  cat out err
  [[ $rc -eq 0 ]] || die "ssh-keygen -D exited $rc"
  expect_in out "^ssh-rsa AAAA" "ssh-keygen -D"
  expect_in out "^ecdsa-sha2-nistp256 AAAA" "ssh-keygen -D"
  local rsa ec
  rsa="$(ssh_blob rsa.pem)"; ec="$(ssh_blob ec.pem)"
  [[ -n $rsa && -n $ec ]] || die "could not convert the exported keys"
  grep -q "^ssh-rsa $rsa" out || die "ssh-keygen -D shows a different RSA key than the token's"
  grep -q "^ecdsa-sha2-nistp256 $ec" out || die "ssh-keygen -D shows a different EC key"
}
check ssh-keygen-list-token-keys t_list

# ssh-agent loads the module (ssh-add -s), the PIN comes from SSH_ASKPASS.
t_agent_sign() {
  cat >askpass.sh <<EOF
#!/bin/sh
echo "$USER_PIN"
EOF
  chmod 700 askpass.sh
  # ssh-agent matches the provider allow-list against the resolved path.
  eval "$(ssh-agent -s -a "$WORK/agent.sock" -P "$(dirname "$(realpath "$MODULE")")/*")" >/dev/null
  [[ -n "${SSH_AGENT_PID:-}" ]] || die "ssh-agent did not start"
  echo "$SSH_AGENT_PID" >"$WORK/ssh-agent.pid"  # ct_cleanup ends it if we are cut short
  trap 'kill "$SSH_AGENT_PID" 2>/dev/null; rm -f "$WORK/ssh-agent.pid"' EXIT
  SSH_ASKPASS="$WORK/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
    timeout "$CT_TIMEOUT" ssh-add -s "$MODULE" >add.out 2>&1
  local rc=$?; cat add.out
  [[ $rc -eq 0 ]] || die "ssh-add -s exited $rc"
  ssh-add -L >keys 2>&1; cat keys
  grep '^ssh-rsa ' keys | head -1 >rsa.pub
  grep '^ecdsa-sha2-nistp256 ' keys | head -1 >ec.pub
  [[ -s rsa.pub && -s ec.pub ]] || die "the agent does not hold both token keys"
  local k
  for k in rsa ec; do
    must timeout "$CT_TIMEOUT" ssh-keygen -Y sign -f "$k.pub" -n craton-test data.txt
    mv data.txt.sig "$k.sig"
    echo "tester $(cat "$k.pub")" >allowed
    ssh-keygen -Y verify -f allowed -I tester -n craton-test -s "$k.sig" <data.txt >v 2>&1
    cat v; expect_in v "Good \"craton-test\" signature" "ssh-keygen -Y verify ($k)"
    if ssh-keygen -Y verify -f allowed -I tester -n craton-test -s "$k.sig" <other.txt >/dev/null 2>&1
    then die "a $k signature verified over other data"; fi
  done
}
echo "signed by a token key" >data.txt
echo "not what was signed" >other.txt
check ssh-agent-sign-verify t_agent_sign

ct_end
