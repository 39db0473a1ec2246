/*
 * Craton HSM vendor-defined PKCS#11 constants.
 *
 * Values are CKx_VENDOR_DEFINED (0x80000000) | 0x4352xxxx, where 0x4352 is
 * "CR" in ASCII, so that they do not collide with other vendors' ranges that
 * start at the bottom of the vendor space. The values are written out so this
 * header can be included with or without pkcs11t.h.
 *
 * X-Wing: the hybrid KEM of draft-connolly-cfrg-xwing-kem (X25519 +
 * ML-KEM-768, SHA3-256 combiner; construction unchanged from -05 to -10).
 *   Key type CKK_VENDOR_XWING:
 *     public key  CKA_VALUE = X-Wing encapsulation key (1216 bytes:
 *                 ML-KEM-768 ek || X25519 public key)
 *     private key CKA_VALUE = X-Wing decapsulation key (the 32-byte seed),
 *                 sensitive like any private CKA_VALUE
 *   CKM_VENDOR_XWING_KEY_PAIR_GEN  C_GenerateKeyPair, no parameter
 *   CKM_VENDOR_XWING               C_EncapsulateKey / C_DecapsulateKey, no
 *                                  parameter; ciphertext 1120 bytes, shared
 *                                  secret 32 bytes
 */
#ifndef CRATON_PKCS11_CRATON_VENDOR_H
#define CRATON_PKCS11_CRATON_VENDOR_H

/* CKK_VENDOR_DEFINED | 0x43520001 */
#define CKK_VENDOR_XWING 0xC3520001UL

/* CKM_VENDOR_DEFINED | 0x43520001 */
#define CKM_VENDOR_XWING_KEY_PAIR_GEN 0xC3520001UL
/* CKM_VENDOR_DEFINED | 0x43520002 */
#define CKM_VENDOR_XWING 0xC3520002UL

/*
 * SP 800-57 key lifecycle: CKA_VENDOR_CRATON_COMPROMISED (CK_BBOOL) marks a
 * key compromised. It may be set to CK_TRUE by whoever may modify the key and
 * never back; a compromised key can do nothing (docs/security-policy.md).
 * CKA_VENDOR_DEFINED | 0x43520001
 */
#define CKA_VENDOR_CRATON_COMPROMISED 0xC3520001UL

#endif /* CRATON_PKCS11_CRATON_VENDOR_H */
