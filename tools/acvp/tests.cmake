# ACVP tests (label "acvp"; the complete sets of the slow ones carry the
# label "slow"). MAX_MISSING is the number of expected test cases the tool
# deliberately skips for that set (docs/acvp.md lists the reasons); any
# other missing case, or one more skipped, fails the test.

# Symmetric: hashes, HMAC, AES, CMAC. The large-data tests hash 15 GiB per
# set (1, 2, 4 and 8 GiB messages): label "ldt" only, run them on purpose
# (`ctest -L ldt`), not with "slow".
foreach(_d SHA2-224-1.0 SHA2-256-1.0 SHA2-384-1.0 SHA2-512-1.0 SHA3-224-2.0 SHA3-256-2.0 SHA3-384-2.0 SHA3-512-2.0)
  craton_acvp_test(acvp_${_d} ${_d} ARGS --skip-test-type LDT)
  craton_acvp_test(acvp_${_d}_ldt ${_d} LABEL ldt)
endforeach()
foreach(_d SHAKE-128-FIPS202 SHAKE-256-FIPS202
           HMAC-SHA2-224-1.0 HMAC-SHA2-256-1.0 HMAC-SHA2-384-1.0 HMAC-SHA2-512-1.0
           HMAC-SHA2-224-2.0 HMAC-SHA2-256-2.0 HMAC-SHA2-384-2.0 HMAC-SHA2-512-2.0
           ACVP-AES-CBC-1.0 ACVP-AES-CTR-1.0 ACVP-AES-GCM-1.0 ACVP-AES-KW-1.0 ACVP-AES-KWP-1.0 CMAC-AES-1.0)
  craton_acvp_test(acvp_${_d} ${_d})
endforeach()

# KDFs and the DRBG (only HMAC-SHA-256 with prediction resistance exists here).
craton_acvp_test(acvp_PBKDF-1.0 PBKDF-1.0)
craton_acvp_test(acvp_KDA-HKDF-Sp800-56Cr2 KDA-HKDF-Sp800-56Cr2)
craton_acvp_test(acvp_hmacDRBG-SP800-90Ar1 hmacDRBG-SP800-90Ar1 MAX_MISSING 210)

# ECC: P-224, SHAKE and SP 800-106 groups are skipped.
craton_acvp_test(acvp_ECDSA-KeyGen-FIPS186-5 ECDSA-KeyGen-FIPS186-5 MAX_MISSING 54)
craton_acvp_test(acvp_ECDSA-KeyVer-FIPS186-5 ECDSA-KeyVer-FIPS186-5 MAX_MISSING 27)
craton_acvp_test(acvp_ECDSA-SigGen-FIPS186-5 ECDSA-SigGen-FIPS186-5 MAX_MISSING 240)
craton_acvp_test(acvp_ECDSA-SigVer-FIPS186-5 ECDSA-SigVer-FIPS186-5 MAX_MISSING 91)
foreach(_d EDDSA-KeyGen-1.0 EDDSA-KeyVer-1.0 EDDSA-SigGen-1.0 EDDSA-SigVer-1.0 XECDH-keyGen-RFC7748 XECDH-keyVer-RFC7748)
  craton_acvp_test(acvp_${_d} ${_d})
endforeach()
# The internalProjection carries the sample IUT's keys: with them EdDSA
# signatures and X25519/X448 secrets must equal the expected ones exactly.
craton_acvp_test(acvp_EDDSA-SigGen-1.0_exact EDDSA-SigGen-1.0 PROMPT internalProjection.json)
craton_acvp_test(acvp_XECDH-SSC-RFC7748_exact XECDH-SSC-RFC7748 PROMPT internalProjection.json)
# Our own keys: z is checked against the server's private key.
craton_acvp_test(acvp_XECDH-SSC-RFC7748 XECDH-SSC-RFC7748 CHECK_PROMPT internalProjection.json)

# RSA: SHAKE hashes / masks and SP 800-106 groups are skipped.
craton_acvp_test(acvp_RSA-SigVer-FIPS186-5 RSA-SigVer-FIPS186-5 MAX_MISSING 144)
# Generating the 3072- and 4096-bit keys takes seconds: the default run signs
# with a 2048-bit key (tgId 1 and 2: PKCS#1 v1.5 and PSS).
craton_acvp_test(acvp_RSA-SigGen-FIPS186-5 RSA-SigGen-FIPS186-5 ARGS --groups 1,2)
craton_acvp_test(acvp_RSA-SigGen-FIPS186-5_all RSA-SigGen-FIPS186-5 MAX_MISSING 73 LABEL slow)
craton_acvp_test(acvp_RSA-SignaturePrimitive-2.0 RSA-SignaturePrimitive-2.0)
craton_acvp_test(acvp_RSA-DecryptionPrimitive-Sp800-56Br2 RSA-DecryptionPrimitive-Sp800-56Br2)

# Post-quantum. The ML-KEM key-check groups have their keys only in the
# internalProjection. SLH-DSA sigGen of the 's' sets takes minutes in Debug:
# the default run signs the SHAKE-128f groups (tgId 5 and 10).
craton_acvp_test(acvp_ML-KEM-keyGen-FIPS203 ML-KEM-keyGen-FIPS203)
craton_acvp_test(acvp_ML-KEM-encapDecap-FIPS203 ML-KEM-encapDecap-FIPS203 MAX_MISSING 30)
craton_acvp_test(acvp_ML-KEM-encapDecap-FIPS203_keycheck ML-KEM-encapDecap-FIPS203
                 PROMPT internalProjection.json ARGS --groups 10,11,12,13,14,15)
foreach(_d ML-DSA-keyGen-FIPS204 ML-DSA-sigVer-FIPS204 SLH-DSA-sigVer-FIPS205)
  craton_acvp_test(acvp_${_d} ${_d})
endforeach()
# Default subsets (complete sets under "slow"): ML-DSA-44 for every signing
# interface, and the 'f' SLH-DSA parameter sets for keyGen.
craton_acvp_test(acvp_ML-DSA-sigGen-FIPS204 ML-DSA-sigGen-FIPS204 ARGS --groups 1,2,7,8,13,14,19,20)
craton_acvp_test(acvp_ML-DSA-sigGen-FIPS204_all ML-DSA-sigGen-FIPS204 LABEL slow)
craton_acvp_test(acvp_SLH-DSA-keyGen-FIPS205 SLH-DSA-keyGen-FIPS205 ARGS --groups 3,4,7,8,11,12)
craton_acvp_test(acvp_SLH-DSA-keyGen-FIPS205_all SLH-DSA-keyGen-FIPS205 LABEL slow)
craton_acvp_test(acvp_SLH-DSA-sigGen-FIPS205 SLH-DSA-sigGen-FIPS205 ARGS --groups 5,10)
craton_acvp_test(acvp_SLH-DSA-sigGen-FIPS205_all SLH-DSA-sigGen-FIPS205 LABEL slow)

# The check must be able to fail: one corrupted field per kind of check.
craton_acvp_test(acvp_mutated_exact_field ACVP-AES-GCM-1.0 MUTATE 0:0:tag)
craton_acvp_test(acvp_mutated_verdict ECDSA-SigVer-FIPS186-5 MAX_MISSING 91 MUTATE 0:0:testPassed)
craton_acvp_test(acvp_mutated_signature ECDSA-SigGen-FIPS186-5 MAX_MISSING 240 MUTATE 0:0:s)
craton_acvp_test(acvp_mutated_mct SHA2-256-1.0 ARGS --skip-test-type LDT MUTATE 1:0:resultsArray|5|md)
set_tests_properties(acvp_mutated_exact_field acvp_mutated_verdict acvp_mutated_signature acvp_mutated_mct
                     PROPERTIES LABELS "acvp")
