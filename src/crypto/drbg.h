// The approved DRBG: SP 800-90A HMAC_DRBG with HMAC-SHA-256, instantiated
// with prediction resistance, with a continuous health test on its output.
// Requests for key material ask for prediction resistance (a reseed from
// fresh entropy before the request); other requests are served from the
// current state, reseeded every 1024 generate calls or 60 seconds (requests
// of at most 256 bytes from a per-thread block generated ahead). It is the engine
// behind crypto::random_bytes and crypto::random_bytes_for_key.
//
// Under the default backend the mechanism is our own HMAC_DRBG
// (crypto/ossl/hmac_drbg.cc, SP 800-90A 10.1.2 over SHA-256 with cached
// HMAC pad states) seeded from getrandom(); its state lives in the locked
// CSP arena. Under crypto_backend = "openssl-fips" it is the FIPS
// provider's own EVP_RAND HMAC-DRBG, so the validated DRBG stays the
// provider's. drbg_known_answer tests whichever is in use.
//
// Each thread owns its own instance (created on first use, freed when the
// thread exits, created again in a forked child), so threads never wait on
// one another for random bits.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "core/self_test_failure.h"
#include "core/secure_memory.h"

namespace craton::crypto {

// --- Conditional self-test failures ---------------------------------------

// The continuous health test reports a failure through the module-wide
// handler of core/self_test_failure.h (craton::report_self_test_failure),
// which the module points at its error state; `what` names the test. This
// is the same single handler under the name the crypto layer uses. The
// handler must not call back into the DRBG.
using SelfTestFailureHook = SelfTestFailureHandler;
inline void set_self_test_failure_hook(SelfTestFailureHook hook) { set_self_test_failure_handler(hook); }

// --- The DRBG ---------------------------------------------------------------

inline constexpr std::size_t kDrbgBlockSize = 32;    // HMAC-SHA-256 output: the health-test block
inline constexpr unsigned kDrbgStrength = 256;       // security strength requested, in bits

// Fills `out` from the calling thread's instance; with prediction_resistance
// the instance first reseeds from the seed source. CKR_FUNCTION_FAILED if the
// seed source fails or the continuous health test trips (the hook has then
// been called and the instance is discarded; the next call makes a new one).
Status drbg_generate(MutableByteView out, bool prediction_resistance = false);

// Inputs of one SP 800-90A known-answer test with prediction resistance,
// as in the ACVP hmacDRBG test groups with predResistance = true:
// instantiate(entropy, nonce, personalization); generate(entropy_1, additional_1)
// (output discarded); generate(entropy_2, additional_2) -> returned bits.
struct DrbgKnownAnswerInput {
  ByteView entropy, nonce, personalization;
  ByteView entropy_1, additional_1;
  ByteView entropy_2, additional_2;
};

// Runs that sequence on a separate instance built by the same code as the
// production instances of the current backend (same core, same
// instantiation, same generate path with the continuous test), whose entropy
// source is replaced by the given inputs (our core: fed directly; the
// provider's DRBG: OpenSSL's TEST-RAND). As SP 800-90A 9.3.1 says, each
// prediction-resistance reseed consumes that call's additional input and the
// generate then runs with none. `out` receives the second generate's output; its
// size must be a multiple of kDrbgBlockSize (CKR_ARGUMENTS_BAD otherwise).
Status drbg_known_answer(const DrbgKnownAnswerInput& in, MutableByteView out);

namespace testing {
// The calling thread's next DRBG generate repeats the previous output block,
// so the continuous health test must trip.
void force_next_drbg_repeat();
// Makes new instances (and drbg_known_answer) use the provider's EVP_RAND
// HMAC-DRBG as under the FIPS backend, so that path is tested where no FIPS
// provider is installed. Each thread's instance is replaced on its next use.
void use_provider_drbg(bool on);
// A number identifying the calling thread's current instance (creating it if
// needed); each instance created in the process gets a new number.
Result<std::uint64_t> drbg_instance_serial();
// The calling thread's instance's count of (re)seeds from the seed source.
// It grows by one on every request made with prediction resistance.
Result<std::uint64_t> drbg_reseed_count();
}  // namespace testing

}  // namespace craton::crypto
