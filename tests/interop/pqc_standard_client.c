/* pqc_standard_client MODULE: a PKCS#11 3.2 client in plain C that knows
 * only the standard's constants and function table (include/craton/pkcs11/
 * pkcs11.h, written from the 3.2 specification) - no project code, no vendor
 * header. It stands in for a standard 3.2 client, which Debian 12 lacks:
 * ML-KEM-768 key pair, C_EncapsulateKey / C_DecapsulateKey (and implicit
 * rejection), ML-DSA-65 deterministic signing with a context and
 * C_VerifySignature*, SLH-DSA-SHA2-128f signing and verification.
 * Exit 0 and "PASS" when every step gives exactly the expected result. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "craton/pkcs11/pkcs11.h"

static CK_FUNCTION_LIST_3_2 *f;
static int failures;

#define EXPECT_RV(want, expr)                                                                       \
  do {                                                                                              \
    CK_RV got_ = (expr);                                                                            \
    if (got_ != (CK_RV)(want)) {                                                                    \
      fprintf(stderr, "FAIL line %d: %s returned 0x%lx, expected 0x%lx\n", __LINE__, #expr, got_, \
              (CK_RV)(want));                                                                       \
      failures++;                                                                                   \
    }                                                                                               \
  } while (0)
#define CHECK(cond, what)                                        \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "FAIL line %d: %s\n", __LINE__, (what));   \
      failures++;                                                \
    }                                                            \
  } while (0)

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

static CK_SESSION_HANDLE ready_session(void) {
  CK_UTF8CHAR label[32];
  CK_SESSION_HANDLE s = 0;
  const char *so = "so-pin-1234", *user = "user-pin-1234";
  memset(label, ' ', sizeof label);
  memcpy(label, "pqc-c-client", 12);
  EXPECT_RV(CKR_OK, f->C_InitToken(0, (CK_UTF8CHAR_PTR)so, strlen(so), label));
  EXPECT_RV(CKR_OK, f->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
  EXPECT_RV(CKR_OK, f->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR)so, strlen(so)));
  EXPECT_RV(CKR_OK, f->C_InitPIN(s, (CK_UTF8CHAR_PTR)user, strlen(user)));
  EXPECT_RV(CKR_OK, f->C_Logout(s));
  EXPECT_RV(CKR_OK, f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)user, strlen(user)));
  return s;
}

static void key_pair(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE gen, CK_ULONG set, CK_ATTRIBUTE_TYPE pub_use,
                     CK_ATTRIBUTE_TYPE priv_use, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv) {
  CK_MECHANISM m = {gen, NULL, 0};
  CK_ATTRIBUTE pub_tmpl[] = {{CKA_PARAMETER_SET, &set, sizeof set}, {pub_use, &yes, sizeof yes}};
  CK_ATTRIBUTE priv_tmpl[] = {{priv_use, &yes, sizeof yes}};
  EXPECT_RV(CKR_OK, f->C_GenerateKeyPair(s, &m, pub_tmpl, 2, priv_tmpl, 1, pub, priv));
}

/* CKA_VALUE of a readable secret, into buf; returns its length (0 on error). */
static CK_ULONG secret_value(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, CK_BYTE *buf, CK_ULONG size) {
  CK_ATTRIBUTE a = {CKA_VALUE, buf, size};
  EXPECT_RV(CKR_OK, f->C_GetAttributeValue(s, key, &a, 1));
  return a.ulValueLen == CK_UNAVAILABLE_INFORMATION ? 0 : a.ulValueLen;
}

static void ml_kem(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE pub = 0, priv = 0, sent = 0, received = 0, rejected = 0;
  CK_MECHANISM kem = {CKM_ML_KEM, NULL, 0};
  CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
  CK_KEY_TYPE generic = CKK_GENERIC_SECRET;
  CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &secret, sizeof secret},
                         {CKA_KEY_TYPE, &generic, sizeof generic},
                         {CKA_SENSITIVE, &no, sizeof no},
                         {CKA_EXTRACTABLE, &yes, sizeof yes}};
  CK_BYTE ct[1088], a[64], b[64], c[64];
  CK_ULONG ct_len = 0, la, lb, lc;
  key_pair(s, CKM_ML_KEM_KEY_PAIR_GEN, CKP_ML_KEM_768, CKA_ENCAPSULATE, CKA_DECAPSULATE, &pub, &priv);
  EXPECT_RV(CKR_OK, f->C_EncapsulateKey(s, &kem, pub, tmpl, 4, NULL, &ct_len, &sent)); /* length query */
  CHECK(ct_len == sizeof ct, "ML-KEM-768 ciphertext length is 1088");
  EXPECT_RV(CKR_OK, f->C_EncapsulateKey(s, &kem, pub, tmpl, 4, ct, &ct_len, &sent));
  EXPECT_RV(CKR_OK, f->C_DecapsulateKey(s, &kem, priv, tmpl, 4, ct, ct_len, &received));
  la = secret_value(s, sent, a, sizeof a);
  lb = secret_value(s, received, b, sizeof b);
  CHECK(la == 32 && lb == 32 && memcmp(a, b, 32) == 0, "encapsulated and decapsulated secrets agree");
  /* A changed ciphertext decapsulates (implicit rejection) to another secret. */
  ct[100] ^= 0x01;
  EXPECT_RV(CKR_OK, f->C_DecapsulateKey(s, &kem, priv, tmpl, 4, ct, ct_len, &rejected));
  lc = secret_value(s, rejected, c, sizeof c);
  CHECK(lc == 32 && memcmp(a, c, 32) != 0, "a changed ciphertext gives a different secret");
  /* The private key cannot encapsulate. */
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f->C_EncapsulateKey(s, &kem, priv, tmpl, 4, ct, &ct_len, &sent));
}

static void verify_both_ways(CK_SESSION_HANDLE s, CK_MECHANISM *m, CK_OBJECT_HANDLE pub, CK_BYTE *msg, CK_ULONG len,
                             CK_BYTE *sig, CK_ULONG sig_len) {
  EXPECT_RV(CKR_OK, f->C_VerifyInit(s, m, pub));
  EXPECT_RV(CKR_OK, f->C_Verify(s, msg, len, sig, sig_len));
  EXPECT_RV(CKR_OK, f->C_VerifySignatureInit(s, m, pub, sig, sig_len));
  EXPECT_RV(CKR_OK, f->C_VerifySignature(s, msg, len));
  msg[0] ^= 0x80;
  EXPECT_RV(CKR_OK, f->C_VerifySignatureInit(s, m, pub, sig, sig_len));
  EXPECT_RV(CKR_SIGNATURE_INVALID, f->C_VerifySignature(s, msg, len));
  msg[0] ^= 0x80;
}

static void ml_dsa(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE pub = 0, priv = 0;
  CK_BYTE context[] = "craton";
  CK_SIGN_ADDITIONAL_CONTEXT p = {CKH_DETERMINISTIC_REQUIRED, context, sizeof context - 1};
  CK_SIGN_ADDITIONAL_CONTEXT other = {CKH_DETERMINISTIC_REQUIRED, (CK_BYTE_PTR) "other", 5};
  CK_MECHANISM m = {CKM_ML_DSA, &p, sizeof p};
  CK_MECHANISM m_other = {CKM_ML_DSA, &other, sizeof other};
  CK_BYTE msg[] = "a message for ML-DSA-65";
  static CK_BYTE sig1[4627], sig2[4627];
  CK_ULONG len1 = 0, len2 = sizeof sig2;
  key_pair(s, CKM_ML_DSA_KEY_PAIR_GEN, CKP_ML_DSA_65, CKA_VERIFY, CKA_SIGN, &pub, &priv);
  EXPECT_RV(CKR_OK, f->C_SignInit(s, &m, priv));
  EXPECT_RV(CKR_OK, f->C_Sign(s, msg, sizeof msg, NULL, &len1)); /* length query keeps the operation */
  CHECK(len1 == 3309, "ML-DSA-65 signature length is 3309");
  EXPECT_RV(CKR_OK, f->C_Sign(s, msg, sizeof msg, sig1, &len1));
  EXPECT_RV(CKR_OK, f->C_SignInit(s, &m, priv));
  EXPECT_RV(CKR_OK, f->C_Sign(s, msg, sizeof msg, sig2, &len2));
  CHECK(len1 == len2 && memcmp(sig1, sig2, len1) == 0, "deterministic ML-DSA signs identically twice");
  verify_both_ways(s, &m, pub, msg, sizeof msg, sig1, len1);
  EXPECT_RV(CKR_OK, f->C_VerifyInit(s, &m_other, pub));
  EXPECT_RV(CKR_SIGNATURE_INVALID, f->C_Verify(s, msg, sizeof msg, sig1, len1)); /* another context */
}

static void slh_dsa(CK_SESSION_HANDLE s) {
  CK_OBJECT_HANDLE pub = 0, priv = 0;
  CK_MECHANISM m = {CKM_SLH_DSA, NULL, 0}; /* pure, hedged, empty context */
  CK_BYTE msg[] = "a message for SLH-DSA-SHA2-128f";
  static CK_BYTE sig[17088];
  CK_ULONG len = sizeof sig;
  key_pair(s, CKM_SLH_DSA_KEY_PAIR_GEN, CKP_SLH_DSA_SHA2_128F, CKA_VERIFY, CKA_SIGN, &pub, &priv);
  EXPECT_RV(CKR_OK, f->C_SignInit(s, &m, priv));
  EXPECT_RV(CKR_OK, f->C_Sign(s, msg, sizeof msg, sig, &len));
  CHECK(len == 17088, "SLH-DSA-SHA2-128f signature length is 17088");
  verify_both_ways(s, &m, pub, msg, sizeof msg, sig, len);
}

int main(int argc, char **argv) {
  char conf[64];
  FILE *out;
  void *lib;
  CK_C_GetInterface get_interface;
  CK_INTERFACE_PTR iface = NULL;
  CK_VERSION v = {3, 2};
  CK_SESSION_HANDLE s;
  if (argc != 2) {
    fprintf(stderr, "usage: %s MODULE\n", argv[0]);
    return 2;
  }
  /* A throwaway token in memory. */
  snprintf(conf, sizeof conf, "/tmp/craton_pqc_client_%d.toml", (int)getpid());
  out = fopen(conf, "w");
  if (out == NULL) return 2;
  fputs("[storage]\nbackend = \"memory\"\n[audit]\nenabled = false\n", out);
  fclose(out);
  setenv("CRATON_HSM_CONF", conf, 1);

  lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  /* POSIX: the object pointer dlsym returns is the function's address. */
  *(void **)(&get_interface) = dlsym(lib, "C_GetInterface");
  if (get_interface == NULL || get_interface((CK_UTF8CHAR_PTR) "PKCS 11", &v, &iface, 0) != CKR_OK) {
    fprintf(stderr, "no PKCS #11 3.2 interface\n");
    return 2;
  }
  f = (CK_FUNCTION_LIST_3_2 *)iface->pFunctionList;
  EXPECT_RV(CKR_OK, f->C_Initialize(NULL));
  s = ready_session();
  ml_kem(s);
  ml_dsa(s);
  slh_dsa(s);
  EXPECT_RV(CKR_OK, f->C_Finalize(NULL));
  remove(conf);
  if (failures != 0) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("PASS\n");
  return 0;
}
