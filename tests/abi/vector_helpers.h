// Helpers for the public-vector ABI tests (tests/abi/vectors_*_test.cc):
// loading Wycheproof/ACVP JSON, importing each vector's key with
// C_CreateObject, and counting cases run/skipped/passed per file.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "key_helpers.h"

namespace craton::test {

using Json = nlohmann::json;

// Parses tests/vectors/<relative_path>; fails the test if missing.
Json load_vectors(const std::string& relative_path);

// DER of the named-curve OIDs not already in key_helpers.h (SEC 2 / RFC 8410).
inline const Bytes kP521Params = from_hex("06052b81040023");
inline const Bytes kEd448Params = from_hex("06032b6571");

// Per-file bookkeeping. `inexpressible` cases are ones PKCS#11 cannot state
// (zero-length IV, empty key value ...): they do not count against the
// run ratio. `skipped` ones are left out by choice (time, module limits)
// and do count. report() prints the tally and expects run > 90% of the
// expressible cases.
struct Tally {
  std::string file;
  int total = 0;
  int run = 0;
  int passed = 0;
  int skipped = 0;
  int inexpressible = 0;

  void count_total(const Json& doc);
  void report() const;
};

// Outcome of one case: true when the module did what the vector says.
// Records the case and prints tcId + detail on mismatch.
void record(Tally& t, const Json& tc, bool ok, const std::string& detail = "");

// The refusal a wrong signature of `sig_len` bytes must get:
// CKR_SIGNATURE_INVALID when the length is the right one (`want_len`),
// CKR_SIGNATURE_LEN_RANGE when the length alone is wrong.
CK_RV signature_refusal(std::size_t sig_len, std::size_t want_len);
// Records one verification case: a valid signature must verify, an invalid
// one must get `refusal`, an acceptable one may get either.
void record_verify(Tally& t, const Json& tc, CK_RV rv, CK_RV refusal);

// Big-endian integer without leading zero bytes (keeps at least one byte).
Bytes strip_zeros(const Bytes& b);
// DER OCTET STRING around raw bytes (short and long length forms).
Bytes der_octet(const Bytes& raw);

bool is_valid(const Json& tc);
bool is_acceptable(const Json& tc);
bool has_flag(const Json& tc, const std::string& flag);
Bytes hex_field(const Json& obj, const char* name);

// Key import through C_CreateObject. Each returns the module's CK_RV and
// writes the handle. Keys are session objects with every usage flag the
// tests need; secret keys are extractable and not sensitive.
CK_RV import_secret(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& value,
                    CK_OBJECT_HANDLE* out);
CK_RV import_rsa_public(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& n, const Bytes& e,
                        CK_OBJECT_HANDLE* out);
// `crt` holds p, q, dp, dq, qinv, or is empty for an (n, e, d) key.
CK_RV import_rsa_private(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& n, const Bytes& e,
                         const Bytes& d, const std::vector<Bytes>& crt, CK_OBJECT_HANDLE* out);
// EC-family public key: CKA_EC_POINT is given as the DER OCTET STRING.
CK_RV import_ec_public(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& params,
                       const Bytes& point, CK_OBJECT_HANDLE* out);
CK_RV import_ec_private(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& params,
                        const Bytes& value, CK_OBJECT_HANDLE* out);

// import_secret for one case: on failure the case is recorded as failed
// ("<what> import <rv>") and CK_INVALID_HANDLE returned.
CK_OBJECT_HANDLE import_secret_or_record(Tally& t, const Json& tc, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s,
                                         CK_KEY_TYPE type, const Bytes& value, const std::string& what = "key");

// The template of a readable generic secret session key made by
// C_DeriveKey / C_GenerateKey / C_UnwrapKey (not sensitive, extractable),
// with CKA_VALUE_LEN when `value_len` is given. Not copyable: the
// attributes point into it.
class ReadableSecretTemplate {
 public:
  explicit ReadableSecretTemplate(std::optional<CK_ULONG> value_len = std::nullopt);
  ReadableSecretTemplate(const ReadableSecretTemplate&) = delete;
  ReadableSecretTemplate& operator=(const ReadableSecretTemplate&) = delete;
  CK_ATTRIBUTE* data() { return attrs_.data(); }
  CK_ULONG size() const { return static_cast<CK_ULONG>(attrs_.size()); }

 private:
  CK_OBJECT_CLASS cls_ = CKO_SECRET_KEY;
  CK_KEY_TYPE type_ = CKK_GENERIC_SECRET;
  CK_BBOOL yes_ = CK_TRUE, no_ = CK_FALSE;
  CK_ULONG value_len_ = 0;
  std::vector<CK_ATTRIBUTE> attrs_;
};

// Reads CKA_VALUE of an extractable, non-sensitive key (empty on error).
Bytes read_value(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h);

// Single-part operations returning the module's CK_RV.
CK_RV encrypt_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                   const Bytes& in, Bytes* out);
CK_RV decrypt_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                   const Bytes& in, Bytes* out);
// C_VerifyInit + C_Verify; an empty signature is passed as a non-NULL
// pointer with length 0 so that the module judges the length, not the pointer.
CK_RV verify_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                  const Bytes& data, const Bytes& sig);
CK_RV sign_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                const Bytes& in, Bytes* out);

// Records a valid cipher case: `msg` must encrypt to exactly `ct` and `ct`
// decrypt back to `msg`.
void record_round_trip(Tally& t, const Json& tc, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m,
                       CK_OBJECT_HANDLE k, const Bytes& msg, const Bytes& ct);

// Destroys a session object when it leaves scope.
class ObjectGuard {
 public:
  ObjectGuard(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h) : f_(f), s_(s), h_(h) {}
  ~ObjectGuard() {
    if (h_ != CK_INVALID_HANDLE) f_->C_DestroyObject(s_, h_);
  }
  ObjectGuard(const ObjectGuard&) = delete;
  ObjectGuard& operator=(const ObjectGuard&) = delete;

 private:
  CK_FUNCTION_LIST_3_2* f_;
  CK_SESSION_HANDLE s_;
  CK_OBJECT_HANDLE h_;
};

std::string rv_name(CK_RV rv);

}  // namespace craton::test
