#!/usr/bin/env bash
# pykcs11.sh [MODULE] - runs pykcs11.py (PyKCS11, Debian's python3-pykcs11)
# with a private configuration; the Python side initialises the token itself.
source "$(dirname "$0")/common.sh"
ct_begin "${1:-}"

# Debian's interpreter: python3-pykcs11 is installed for it, not for others
# (such as a pyenv python3 earlier in PATH).
PY=/usr/bin/python3
if ! "$PY" -c "import PyKCS11" >/dev/null 2>&1; then
  echo "FAIL pykcs11-import: $PY cannot import PyKCS11 (install python3-pykcs11)"
  CT_FAILED=$((CT_FAILED + 1))
  ct_end
fi

export MODULE SO_PIN USER_PIN TOKEN_LABEL WORK
timeout "$((CT_TIMEOUT * 3))" "$PY" "$(dirname "$0")/pykcs11.py"
