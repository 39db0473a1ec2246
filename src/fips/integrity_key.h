// The key of the software integrity test (FIPS 140-3 section 9.4 / ISO/IEC
// 19790 7.10.2): HMAC-SHA-256 over the module file, compared with the
// sidecar file "<module>.hmac".
//
// This key is NOT a secret and protects nothing against an attacker (who
// could recompute the MAC): the test detects corruption of the module
// file, which is what a Level 1 integrity test is for. It is a fixed,
// published constant so that anyone can recompute the sidecar.
//
// Single source of truth: tools/compute-integrity-hmac.sh reads the hex
// string from the #define line below (keep it on one line, lower-case hex).
#pragma once

#define CRATON_INTEGRITY_KEY_HEX "ca0b16e680ce3772f7f62c70810e6d259e46a9a2af81dab6ce83601d9d28475b"
