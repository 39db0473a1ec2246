#!/usr/bin/python3
"""PyKCS11 against the Craton HSM module.

Run by pykcs11.sh, which provides a private configuration (CRATON_HSM_CONF)
and MODULE, SO_PIN, USER_PIN, TOKEN_LABEL in the environment. The token is
initialised through PyKCS11 itself. Prints PASS/FAIL lines like the shell
client tests; exit status 0 only if every check passed.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import traceback

import PyKCS11

MODULE = os.environ["MODULE"]
SO_PIN = os.environ.get("SO_PIN", "87654321")
USER_PIN = os.environ.get("USER_PIN", "123456")
LABEL = os.environ.get("TOKEN_LABEL", "ct-pykcs11")
WORK = os.environ.get("WORK", tempfile.mkdtemp())
# Lets the same checks run against another module (e.g. SoftHSMv2) to tell
# client-side problems from module bugs.
MAKER = os.environ.get("CT_EXPECT_MANUFACTURER", "Craton")

P256_OID = bytes.fromhex("06082a8648ce3d030107")
P256_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
KNOWN_KEY = bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
IV = bytes(range(16))

passed = 0
failed = 0
state = {}


class CheckFailed(Exception):
    pass


def expect(cond, reason):
    if not cond:
        raise CheckFailed(reason)


def need(key):
    if key not in state:
        raise CheckFailed(f"needs '{key}' from an earlier check that failed")
    return state[key]


def check(name):
    def wrap(fn):
        global passed, failed
        try:
            fn()
            print(f"PASS {name}", flush=True)
            passed += 1
        except CheckFailed as e:
            print(f"FAIL {name}: {e}", flush=True)
            failed += 1
        except PyKCS11.PyKCS11Error as e:
            print(f"FAIL {name}: PKCS#11 error {e}", flush=True)
            failed += 1
        except Exception as e:  # a client-side bug or unexpected module answer
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"    | {line}")
            failed += 1
        return fn
    return wrap


def ckr_of(exc):
    return PyKCS11.CKR.get(exc.value, hex(exc.value))


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return bytes([0x02, len(b)]) + b


def ecdsa_der(raw):
    half = len(raw) // 2
    body = der_int(raw[:half]) + der_int(raw[half:])
    return bytes([0x30, len(body)]) + body


def openssl_verify(spki_der, digest, sig_der):
    paths = {}
    for name, data in (("pub.der", spki_der), ("dg.bin", digest), ("sig.der", sig_der)):
        paths[name] = os.path.join(WORK, "py-" + name)
        with open(paths[name], "wb") as f:
            f.write(data)
    r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER",
                        "-inkey", paths["pub.der"], "-in", paths["dg.bin"],
                        "-sigfile", paths["sig.der"]], capture_output=True, text=True)
    return r.returncode == 0 and "Signature Verified Successfully" in r.stdout


lib = PyKCS11.PyKCS11Lib()


@check("pykcs11-load-module")
def _():
    lib.load(MODULE)
    info = lib.getInfo()
    expect(MAKER in info.manufacturerID, f"manufacturer is {info.manufacturerID!r}")
    expect(info.cryptokiVersion[0] >= 2, f"cryptoki version {info.cryptokiVersion}")
    state["lib"] = lib


@check("pykcs11-list-slots")
def _():
    need("lib")
    slots = lib.getSlotList(tokenPresent=True)
    expect(len(slots) >= 1, "no slot with a token")
    state["slot"] = slots[0]
    expect(MAKER in lib.getSlotInfo(slots[0]).manufacturerID, "slot manufacturer")


@check("pykcs11-init-token-and-pin")
def _():
    slot = need("slot")
    # C_InitToken reads exactly 32 bytes: PyKCS11 passes the string as is.
    lib.initToken(slot, SO_PIN, LABEL.ljust(32))
    # Some modules move an initialised token to a new slot: find it by label.
    slots = [x for x in lib.getSlotList(tokenPresent=True)
             if lib.getTokenInfo(x).label.strip() == LABEL]
    expect(len(slots) == 1, f"{len(slots)} slots hold a token labelled {LABEL!r}")
    slot = state["slot"] = slots[0]
    s = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
    s.login(SO_PIN, user_type=PyKCS11.CKU_SO)
    s.initPin(USER_PIN)
    s.logout()
    s.closeSession()
    ti = lib.getTokenInfo(slot)
    expect(ti.label.strip() == LABEL, f"token label {ti.label!r}")
    want = PyKCS11.CKF_TOKEN_INITIALIZED | PyKCS11.CKF_USER_PIN_INITIALIZED
    expect(ti.flags & want == want, f"token flags {ti.flags:#x}")


@check("pykcs11-wrong-pin-refused")
def _():
    s = lib.openSession(need("slot"), PyKCS11.CKF_SERIAL_SESSION)
    try:
        s.login("00000000")
    except PyKCS11.PyKCS11Error as e:
        expect(e.value == PyKCS11.CKR_PIN_INCORRECT, f"wrong PIN gave {ckr_of(e)}")
    else:
        raise CheckFailed("login with a wrong PIN succeeded")
    finally:
        s.closeSession()


@check("pykcs11-open-session-login")
def _():
    s = lib.openSession(need("slot"), PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
    s.login(USER_PIN)
    info = s.getSessionInfo()
    expect(info.state == PyKCS11.CKS_RW_USER_FUNCTIONS, f"session state {info.state}")
    state["s"] = s


@check("pykcs11-generate-aes-key")
def _():
    s = need("s")
    tmpl = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_SECRET_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_AES),
            (PyKCS11.CKA_VALUE_LEN, 32), (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_PRIVATE, True),
            (PyKCS11.CKA_ENCRYPT, True), (PyKCS11.CKA_DECRYPT, True),
            (PyKCS11.CKA_SENSITIVE, True), (PyKCS11.CKA_LABEL, "py-aes")]
    key = s.generateKey(tmpl, mecha=PyKCS11.MechanismAESGENERATEKEY)
    vlen, local = s.getAttributeValue(key, [PyKCS11.CKA_VALUE_LEN, PyKCS11.CKA_LOCAL])
    expect(vlen == 32 and local, f"CKA_VALUE_LEN={vlen} CKA_LOCAL={local}")
    # PyKCS11 turns CKR_ATTRIBUTE_SENSITIVE into None (it retries per attribute).
    value = s.getAttributeValue(key, [PyKCS11.CKA_VALUE])[0]
    expect(value is None, "CKA_VALUE of a sensitive key was readable")
    state["aes"] = key


@check("pykcs11-aes-cbc-pad-roundtrip")
def _():
    s, key = need("s"), need("aes")
    mech = PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC_PAD, IV)
    plain = os.urandom(77)
    ct = bytes(s.encrypt(key, plain, mech))
    expect(len(ct) == 80 and ct[:16] != plain[:16], f"ciphertext length {len(ct)}")
    expect(bytes(s.decrypt(key, ct, mech)) == plain, "decryption did not give the plaintext")


@check("pykcs11-aes-cbc-pad-known-answer")
def _():
    s = need("s")
    key = s.createObject([(PyKCS11.CKA_CLASS, PyKCS11.CKO_SECRET_KEY),
                          (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_AES), (PyKCS11.CKA_TOKEN, False),
                          (PyKCS11.CKA_ENCRYPT, True), (PyKCS11.CKA_DECRYPT, True),
                          (PyKCS11.CKA_VALUE, KNOWN_KEY), (PyKCS11.CKA_LABEL, "py-known")])
    plain = b"craton known answer test data!!" * 3
    ct = bytes(s.encrypt(key, plain, PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC_PAD, IV)))
    ref = subprocess.run(["openssl", "enc", "-aes-256-cbc", "-K", KNOWN_KEY.hex(), "-iv", IV.hex()],
                         input=plain, capture_output=True, check=True).stdout
    expect(ct == ref, f"ciphertext {ct.hex()} != openssl {ref.hex()}")
    s.destroyObject(key)


@check("pykcs11-aes-key-wrap-unwrap")
def _():
    s = need("s")
    # RFC 3394 section 4.6: 256-bit key data under a 256-bit KEK.
    kek_value = bytes(range(32))
    key_data = bytes.fromhex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f")
    rfc = bytes.fromhex("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326"
                        "cbc7f0e71a99f43bfb988b9b7a02dd21")
    common = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_SECRET_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_AES),
              (PyKCS11.CKA_TOKEN, False)]
    kek = s.createObject(common + [(PyKCS11.CKA_WRAP, True), (PyKCS11.CKA_UNWRAP, True),
                                   (PyKCS11.CKA_VALUE, kek_value)])
    target = s.createObject(common + [(PyKCS11.CKA_EXTRACTABLE, True), (PyKCS11.CKA_ENCRYPT, True),
                                      (PyKCS11.CKA_VALUE, key_data)])
    mech = PyKCS11.Mechanism(PyKCS11.CKM_AES_KEY_WRAP, None)
    wrapped = bytes(s.wrapKey(kek, target, mech))
    expect(wrapped == rfc, f"wrapped {wrapped.hex()} != RFC 3394 4.6")
    new = s.unwrapKey(kek, wrapped, common + [(PyKCS11.CKA_ENCRYPT, True)], mech)
    block = b"sixteen byte blk" * 2
    ecb = PyKCS11.Mechanism(PyKCS11.CKM_AES_ECB, None)
    expect(bytes(s.encrypt(new, block, ecb)) == bytes(s.encrypt(target, block, ecb)),
           "the unwrapped key encrypts differently from the original")
    bad = bytearray(wrapped)
    bad[0] ^= 1
    try:
        s.unwrapKey(kek, bytes(bad), common + [(PyKCS11.CKA_ENCRYPT, True)], mech)
        raise CheckFailed("a corrupted wrapped key was unwrapped")
    except PyKCS11.PyKCS11Error as e:
        expect(e.value in (PyKCS11.CKR_WRAPPED_KEY_INVALID, PyKCS11.CKR_ENCRYPTED_DATA_INVALID),
               f"corrupted wrapped key gave {ckr_of(e)}")
    for h in (kek, target, new):
        s.destroyObject(h)


@check("pykcs11-aes-gcm-roundtrip")
def _():
    s, key = need("s"), need("aes")
    if not hasattr(PyKCS11, "AES_GCM_Mechanism"):
        raise CheckFailed("this PyKCS11 has no AES_GCM_Mechanism")
    mech = PyKCS11.AES_GCM_Mechanism(os.urandom(12), b"header", 128)
    plain = os.urandom(100)
    ct = bytes(s.encrypt(key, plain, mech))
    expect(len(ct) == 116, f"GCM output length {len(ct)} (want 100 + 16 tag)")
    expect(bytes(s.decrypt(key, ct, mech)) == plain, "GCM decryption mismatch")
    bad = bytearray(ct)
    bad[5] ^= 1
    try:
        s.decrypt(key, bytes(bad), mech)
        raise CheckFailed("a tampered GCM ciphertext decrypted")
    except PyKCS11.PyKCS11Error as e:
        expect(e.value == PyKCS11.CKR_ENCRYPTED_DATA_INVALID, f"tampered GCM gave {ckr_of(e)}")


@check("pykcs11-generate-ec-p256-key-pair")
def _():
    s = need("s")
    pub_t = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
             (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_VERIFY, True),
             (PyKCS11.CKA_EC_PARAMS, P256_OID), (PyKCS11.CKA_LABEL, "py-ec")]
    priv_t = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
              (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_SIGN, True), (PyKCS11.CKA_PRIVATE, True),
              (PyKCS11.CKA_SENSITIVE, True), (PyKCS11.CKA_LABEL, "py-ec")]
    pub, priv = s.generateKeyPair(pub_t, priv_t, mecha=PyKCS11.MechanismECGENERATEKEYPAIR)
    point = bytes(s.getAttributeValue(pub, [PyKCS11.CKA_EC_POINT])[0])
    # DER OCTET STRING around an uncompressed point: 04 41 04 X Y.
    expect(len(point) == 67 and point[:3] == b"\x04\x41\x04", f"CKA_EC_POINT {point.hex()}")
    state["ec"] = (pub, priv, P256_SPKI_PREFIX + point[2:])


@check("pykcs11-ecdsa-sign-verify")
def _():
    s = need("s")
    pub, priv, spki = need("ec")
    digest = hashlib.sha256(b"message signed through PyKCS11").digest()
    mech = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA, None)
    sig = bytes(s.sign(priv, digest, mech))
    expect(len(sig) == 64, f"ECDSA P-256 signature length {len(sig)}")
    expect(s.verify(pub, digest, sig, mech), "C_Verify rejected our own signature")
    other = hashlib.sha256(b"other").digest()
    expect(not s.verify(pub, other, sig, mech), "C_Verify accepted a signature over other data")
    expect(openssl_verify(spki, digest, ecdsa_der(sig)), "openssl rejected the signature")


@check("pykcs11-find-objects-by-label")
def _():
    s = need("s")
    found = s.findObjects([(PyKCS11.CKA_LABEL, "py-aes")])
    expect(len(found) == 1, f"{len(found)} objects labelled py-aes")
    cls = s.getAttributeValue(found[0], [PyKCS11.CKA_CLASS])[0]
    expect(cls == PyKCS11.CKO_SECRET_KEY, f"class {cls}")
    ec = s.findObjects([(PyKCS11.CKA_LABEL, "py-ec")])
    expect(len(ec) == 2, f"{len(ec)} objects labelled py-ec (want public + private)")
    none = s.findObjects([(PyKCS11.CKA_LABEL, "no such label")])
    expect(len(none) == 0, "found objects for a label nobody used")


@check("pykcs11-destroy-object")
def _():
    s, key = need("s"), need("aes")
    s.destroyObject(key)
    expect(len(s.findObjects([(PyKCS11.CKA_LABEL, "py-aes")])) == 0, "key still found")
    try:
        s.encrypt(key, b"x" * 16, PyKCS11.Mechanism(PyKCS11.CKM_AES_CBC_PAD, IV))
        raise CheckFailed("a destroyed key still encrypts")
    except PyKCS11.PyKCS11Error as e:
        expect(e.value == PyKCS11.CKR_KEY_HANDLE_INVALID, f"destroyed key gave {ckr_of(e)}")


@check("pykcs11-logout")
def _():
    s = need("s")
    s.logout()
    priv = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)])
    expect(len(priv) == 0, f"{len(priv)} private objects visible after logout")
    pub = s.findObjects([(PyKCS11.CKA_LABEL, "py-ec")])
    expect(len(pub) == 1, f"{len(pub)} public py-ec objects visible after logout (want 1)")
    s.closeSession()


print(f"RESULT pykcs11: {passed} pass, {failed} fail, 0 skip")
sys.exit(0 if failed == 0 else 1)
