#include "vector_helpers.h"

#include <cstdio>
#include <fstream>

namespace craton::test {

Json load_vectors(const std::string& relative_path) {
  const std::string path = std::string(CRATON_TEST_VECTORS_DIR) + "/" + relative_path;
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "missing vector file " << path;
    return Json::object();
  }
  return Json::parse(in);
}

void Tally::count_total(const Json& doc) {
  for (const auto& g : doc["testGroups"]) total += static_cast<int>(g["tests"].size());
}

void Tally::report() const {
  std::printf("[vectors] %s: total=%d run=%d passed=%d skipped=%d inexpressible=%d\n", file.c_str(), total, run,
              passed, skipped, inexpressible);
  EXPECT_EQ(total, run + skipped + inexpressible) << file << ": every case is run or accounted for";
  const int expressible = total - inexpressible;
  EXPECT_GT(run * 10, expressible * 9) << file << ": fewer than 90% of the expressible cases ran";
  EXPECT_EQ(run, passed) << file;
}

void record(Tally& t, const Json& tc, bool ok, const std::string& detail) {
  ++t.run;
  if (ok) {
    ++t.passed;
    return;
  }
  ADD_FAILURE() << t.file << " tcId " << tc["tcId"] << " (" << tc["result"].get<std::string>() << ", "
                << tc.value("comment", "") << "): " << detail;
}

CK_RV signature_refusal(std::size_t sig_len, std::size_t want_len) {
  return sig_len == want_len ? CKR_SIGNATURE_INVALID : CKR_SIGNATURE_LEN_RANGE;
}

void record_verify(Tally& t, const Json& tc, CK_RV rv, CK_RV refusal) {
  if (is_valid(tc))
    record(t, tc, rv == CKR_OK, "verify " + rv_name(rv));
  else if (is_acceptable(tc))
    record(t, tc, rv == CKR_OK || rv == refusal, "verify " + rv_name(rv));
  else
    record(t, tc, rv == refusal, "verify of invalid gave " + rv_name(rv) + ", want " + rv_name(refusal));
}

Bytes strip_zeros(const Bytes& b) {
  std::size_t i = 0;
  while (i + 1 < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end());
}

Bytes der_octet(const Bytes& raw) {
  Bytes out{0x04};
  if (raw.size() < 0x80) {
    out.push_back(static_cast<unsigned char>(raw.size()));
  } else if (raw.size() < 0x100) {
    out.push_back(0x81);
    out.push_back(static_cast<unsigned char>(raw.size()));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<unsigned char>(raw.size() >> 8));
    out.push_back(static_cast<unsigned char>(raw.size() & 0xff));
  }
  out.insert(out.end(), raw.begin(), raw.end());
  return out;
}

bool is_valid(const Json& tc) { return tc["result"] == "valid"; }
bool is_acceptable(const Json& tc) { return tc["result"] == "acceptable"; }

bool has_flag(const Json& tc, const std::string& flag) {
  if (!tc.contains("flags")) return false;
  for (const auto& f : tc["flags"])
    if (f == flag) return true;
  return false;
}

Bytes hex_field(const Json& obj, const char* name) { return from_hex(obj[name].get<std::string>()); }

namespace {

CK_RV create(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, std::vector<CK_ATTRIBUTE>& t, CK_OBJECT_HANDLE* out) {
  *out = CK_INVALID_HANDLE;
  return f->C_CreateObject(s, t.data(), t.size(), out);
}

CK_BBOOL kTrue = CK_TRUE;
CK_BBOOL kFalse = CK_FALSE;

}  // namespace

CK_RV import_secret(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& value,
                    CK_OBJECT_HANDLE* out) {
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls),        attr(CKA_KEY_TYPE, &type, sizeof type),
                                 attr(CKA_VALUE, value.data(), value.size()), attr(CKA_TOKEN, &kFalse, 1),
                                 attr(CKA_SENSITIVE, &kFalse, 1),          attr(CKA_EXTRACTABLE, &kTrue, 1),
                                 attr(CKA_ENCRYPT, &kTrue, 1),             attr(CKA_DECRYPT, &kTrue, 1),
                                 attr(CKA_SIGN, &kTrue, 1),                attr(CKA_VERIFY, &kTrue, 1),
                                 attr(CKA_WRAP, &kTrue, 1),                attr(CKA_UNWRAP, &kTrue, 1),
                                 attr(CKA_DERIVE, &kTrue, 1)};
  return create(f, s, t, out);
}

CK_RV import_rsa_public(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& n, const Bytes& e,
                        CK_OBJECT_HANDLE* out) {
  CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
  CK_KEY_TYPE type = CKK_RSA;
  const Bytes nn = strip_zeros(n), ee = strip_zeros(e);
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls),    attr(CKA_KEY_TYPE, &type, sizeof type),
                                 attr(CKA_MODULUS, nn.data(), nn.size()), attr(CKA_PUBLIC_EXPONENT, ee.data(), ee.size()),
                                 attr(CKA_TOKEN, &kFalse, 1),          attr(CKA_VERIFY, &kTrue, 1),
                                 attr(CKA_ENCRYPT, &kTrue, 1)};
  return create(f, s, t, out);
}

CK_RV import_rsa_private(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& n, const Bytes& e,
                         const Bytes& d, const std::vector<Bytes>& crt, CK_OBJECT_HANDLE* out) {
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  CK_KEY_TYPE type = CKK_RSA;
  const Bytes nn = strip_zeros(n), ee = strip_zeros(e), dd = strip_zeros(d);
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls),      attr(CKA_KEY_TYPE, &type, sizeof type),
                                 attr(CKA_MODULUS, nn.data(), nn.size()), attr(CKA_PUBLIC_EXPONENT, ee.data(), ee.size()),
                                 attr(CKA_PRIVATE_EXPONENT, dd.data(), dd.size()), attr(CKA_TOKEN, &kFalse, 1),
                                 attr(CKA_SIGN, &kTrue, 1),            attr(CKA_DECRYPT, &kTrue, 1)};
  static const CK_ATTRIBUTE_TYPE kCrt[] = {CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT};
  std::vector<Bytes> stripped;
  stripped.reserve(crt.size());
  for (std::size_t i = 0; i < crt.size() && i < 5; ++i) {
    stripped.push_back(strip_zeros(crt[i]));
    t.push_back(attr(kCrt[i], stripped.back().data(), stripped.back().size()));
  }
  return create(f, s, t, out);
}

CK_RV import_ec_public(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& params,
                       const Bytes& point, CK_OBJECT_HANDLE* out) {
  CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
  const Bytes der = der_octet(point);
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls),        attr(CKA_KEY_TYPE, &type, sizeof type),
                                 attr(CKA_EC_PARAMS, params.data(), params.size()),
                                 attr(CKA_EC_POINT, der.data(), der.size()), attr(CKA_TOKEN, &kFalse, 1)};
  if (type != CKK_EC_MONTGOMERY) t.push_back(attr(CKA_VERIFY, &kTrue, 1));
  return create(f, s, t, out);
}

CK_RV import_ec_private(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_KEY_TYPE type, const Bytes& params,
                        const Bytes& value, CK_OBJECT_HANDLE* out) {
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &type, sizeof type),
                                 attr(CKA_EC_PARAMS, params.data(), params.size()),
                                 attr(CKA_VALUE, value.data(), value.size()), attr(CKA_TOKEN, &kFalse, 1),
                                 attr(CKA_DERIVE, &kTrue, 1)};
  if (type != CKK_EC_MONTGOMERY) t.push_back(attr(CKA_SIGN, &kTrue, 1));
  return create(f, s, t, out);
}

CK_OBJECT_HANDLE import_secret_or_record(Tally& t, const Json& tc, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s,
                                         CK_KEY_TYPE type, const Bytes& value, const std::string& what) {
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  const CK_RV rv = import_secret(f, s, type, value, &h);
  if (rv == CKR_OK) return h;
  record(t, tc, false, what + " import " + rv_name(rv));
  return CK_INVALID_HANDLE;
}

ReadableSecretTemplate::ReadableSecretTemplate(std::optional<CK_ULONG> value_len) {
  attrs_ = {attr(CKA_CLASS, &cls_, sizeof cls_), attr(CKA_KEY_TYPE, &type_, sizeof type_)};
  if (value_len) {
    value_len_ = *value_len;
    attrs_.push_back(attr(CKA_VALUE_LEN, &value_len_, sizeof value_len_));
  }
  attrs_.push_back(attr(CKA_SENSITIVE, &no_, 1));
  attrs_.push_back(attr(CKA_EXTRACTABLE, &yes_, 1));
  attrs_.push_back(attr(CKA_TOKEN, &no_, 1));
}

Bytes read_value(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h) {
  CK_ATTRIBUTE a{CKA_VALUE, nullptr, 0};
  if (f->C_GetAttributeValue(s, h, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION) return {};
  Bytes out(a.ulValueLen);
  a.pValue = out.data();
  if (f->C_GetAttributeValue(s, h, &a, 1) != CKR_OK) return {};
  out.resize(a.ulValueLen);
  return out;
}

CK_RV encrypt_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                   const Bytes& in, Bytes* out) {
  CK_RV rv = f->C_EncryptInit(s, &m, k);
  if (rv != CKR_OK) return rv;
  CK_ULONG len = 0;
  rv = f->C_Encrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), nullptr, &len);
  if (rv != CKR_OK) return rv;
  out->assign(len, 0);
  rv = f->C_Encrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), out->data(), &len);
  if (rv == CKR_OK) out->resize(len);
  return rv;
}

CK_RV decrypt_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                   const Bytes& in, Bytes* out) {
  CK_RV rv = f->C_DecryptInit(s, &m, k);
  if (rv != CKR_OK) return rv;
  // A generous buffer: the length query may not know the plaintext size.
  CK_ULONG len = in.size() + 64;
  out->assign(len, 0);
  rv = f->C_Decrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), out->data(), &len);
  if (rv == CKR_OK) out->resize(len);
  return rv;
}

CK_RV verify_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                  const Bytes& data, const Bytes& sig) {
  static CK_BYTE empty_buffer[1];
  CK_RV rv = f->C_VerifyInit(s, &m, k);
  if (rv != CKR_OK) return rv;
  CK_BYTE* sig_ptr = sig.empty() ? empty_buffer : const_cast<CK_BYTE*>(sig.data());
  return f->C_Verify(s, const_cast<CK_BYTE*>(data.data()), data.size(), sig_ptr, sig.size());
}

CK_RV sign_once(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k,
                const Bytes& in, Bytes* out) {
  CK_RV rv = f->C_SignInit(s, &m, k);
  if (rv != CKR_OK) return rv;
  CK_ULONG len = 0;
  rv = f->C_Sign(s, const_cast<CK_BYTE*>(in.data()), in.size(), nullptr, &len);
  if (rv != CKR_OK) return rv;
  out->assign(len, 0);
  rv = f->C_Sign(s, const_cast<CK_BYTE*>(in.data()), in.size(), out->data(), &len);
  if (rv == CKR_OK) out->resize(len);
  return rv;
}

void record_round_trip(Tally& t, const Json& tc, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m,
                       CK_OBJECT_HANDLE k, const Bytes& msg, const Bytes& ct) {
  Bytes out;
  CK_RV rv = encrypt_once(f, s, m, k, msg, &out);
  if (rv != CKR_OK || out != ct) {
    record(t, tc, false, "encrypt " + rv_name(rv) + " got " + to_hex(out));
    return;
  }
  rv = decrypt_once(f, s, m, k, ct, &out);
  record(t, tc, rv == CKR_OK && out == msg, "decrypt " + rv_name(rv));
}

std::string rv_name(CK_RV rv) {
  switch (rv) {
    case CKR_OK: return "CKR_OK";
    case CKR_ARGUMENTS_BAD: return "CKR_ARGUMENTS_BAD";
    case CKR_ATTRIBUTE_VALUE_INVALID: return "CKR_ATTRIBUTE_VALUE_INVALID";
    case CKR_DATA_LEN_RANGE: return "CKR_DATA_LEN_RANGE";
    case CKR_ENCRYPTED_DATA_INVALID: return "CKR_ENCRYPTED_DATA_INVALID";
    case CKR_ENCRYPTED_DATA_LEN_RANGE: return "CKR_ENCRYPTED_DATA_LEN_RANGE";
    case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
    case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
    case CKR_KEY_SIZE_RANGE: return "CKR_KEY_SIZE_RANGE";
    case CKR_KEY_TYPE_INCONSISTENT: return "CKR_KEY_TYPE_INCONSISTENT";
    case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
    case CKR_MECHANISM_PARAM_INVALID: return "CKR_MECHANISM_PARAM_INVALID";
    case CKR_SIGNATURE_INVALID: return "CKR_SIGNATURE_INVALID";
    case CKR_SIGNATURE_LEN_RANGE: return "CKR_SIGNATURE_LEN_RANGE";
    case CKR_TEMPLATE_INCOMPLETE: return "CKR_TEMPLATE_INCOMPLETE";
    case CKR_TEMPLATE_INCONSISTENT: return "CKR_TEMPLATE_INCONSISTENT";
    case CKR_WRAPPED_KEY_INVALID: return "CKR_WRAPPED_KEY_INVALID";
    case CKR_WRAPPED_KEY_LEN_RANGE: return "CKR_WRAPPED_KEY_LEN_RANGE";
    case CKR_CURVE_NOT_SUPPORTED: return "CKR_CURVE_NOT_SUPPORTED";
    case CKR_CRYPTOKI_NOT_INITIALIZED: return "CKR_CRYPTOKI_NOT_INITIALIZED";
    case CKR_CRYPTOKI_ALREADY_INITIALIZED: return "CKR_CRYPTOKI_ALREADY_INITIALIZED";
    case CKR_SESSION_HANDLE_INVALID: return "CKR_SESSION_HANDLE_INVALID";
    case CKR_OBJECT_HANDLE_INVALID: return "CKR_OBJECT_HANDLE_INVALID";
    case CKR_KEY_HANDLE_INVALID: return "CKR_KEY_HANDLE_INVALID";
    case CKR_WRAPPING_KEY_HANDLE_INVALID: return "CKR_WRAPPING_KEY_HANDLE_INVALID";
    case CKR_UNWRAPPING_KEY_HANDLE_INVALID: return "CKR_UNWRAPPING_KEY_HANDLE_INVALID";
    case CKR_KEY_FUNCTION_NOT_PERMITTED: return "CKR_KEY_FUNCTION_NOT_PERMITTED";
    case CKR_KEY_INDIGESTIBLE: return "CKR_KEY_INDIGESTIBLE";
    case CKR_KEY_UNEXTRACTABLE: return "CKR_KEY_UNEXTRACTABLE";
    case CKR_KEY_NOT_WRAPPABLE: return "CKR_KEY_NOT_WRAPPABLE";
    case CKR_KEY_NOT_NEEDED: return "CKR_KEY_NOT_NEEDED";
    case CKR_SESSION_READ_ONLY: return "CKR_SESSION_READ_ONLY";
    case CKR_SESSION_READ_ONLY_EXISTS: return "CKR_SESSION_READ_ONLY_EXISTS";
    case CKR_SESSION_READ_WRITE_SO_EXISTS: return "CKR_SESSION_READ_WRITE_SO_EXISTS";
    case CKR_SLOT_ID_INVALID: return "CKR_SLOT_ID_INVALID";
    case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
    case CKR_USER_ALREADY_LOGGED_IN: return "CKR_USER_ALREADY_LOGGED_IN";
    case CKR_OPERATION_ACTIVE: return "CKR_OPERATION_ACTIVE";
    case CKR_OPERATION_NOT_INITIALIZED: return "CKR_OPERATION_NOT_INITIALIZED";
    case CKR_FUNCTION_NOT_SUPPORTED: return "CKR_FUNCTION_NOT_SUPPORTED";
    case CKR_FUNCTION_NOT_PARALLEL: return "CKR_FUNCTION_NOT_PARALLEL";
    case CKR_RANDOM_SEED_NOT_SUPPORTED: return "CKR_RANDOM_SEED_NOT_SUPPORTED";
    case CKR_ATTRIBUTE_READ_ONLY: return "CKR_ATTRIBUTE_READ_ONLY";
    case CKR_ATTRIBUTE_TYPE_INVALID: return "CKR_ATTRIBUTE_TYPE_INVALID";
    case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
    case CKR_NO_EVENT: return "CKR_NO_EVENT";
    case CKR_USER_ANOTHER_ALREADY_LOGGED_IN: return "CKR_USER_ANOTHER_ALREADY_LOGGED_IN";
    case CKR_USER_TYPE_INVALID: return "CKR_USER_TYPE_INVALID";
    case CKR_WRAPPING_KEY_TYPE_INCONSISTENT: return "CKR_WRAPPING_KEY_TYPE_INCONSISTENT";
    case CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT: return "CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT";
    case CKR_WRAPPING_KEY_SIZE_RANGE: return "CKR_WRAPPING_KEY_SIZE_RANGE";
    case CKR_UNWRAPPING_KEY_SIZE_RANGE: return "CKR_UNWRAPPING_KEY_SIZE_RANGE";
    case CKR_BUFFER_TOO_SMALL: return "CKR_BUFFER_TOO_SMALL";
    case CKR_SAVED_STATE_INVALID: return "CKR_SAVED_STATE_INVALID";
    case CKR_STATE_UNSAVEABLE: return "CKR_STATE_UNSAVEABLE";
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(rv));
      return buf;
    }
  }
}

}  // namespace craton::test
