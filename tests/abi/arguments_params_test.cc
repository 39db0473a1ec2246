// Fifth part of the negative-argument sweep (issue #2): the fields INSIDE
// mechanism parameters. A parameter structure is an argument too: a NULL
// pointer with a non-zero length, an out-of-range length, an unknown
// enumeration value or a structure of the wrong size must each give
// CKR_MECHANISM_PARAM_INVALID (never a crash, never an operation started).
#include "arguments_env.h"

namespace craton::test {
namespace {

class ParamsTest : public ArgumentsFixture {};

// Which call receives the mechanism.
enum class Use { kEncrypt, kSignSecret, kSignRsa, kEncryptRsa, kDeriveSecret, kDeriveEc, kGenerate, kWrap };

struct ParamCase {
  std::string name;
  Use use;
  CK_MECHANISM_TYPE type;
  std::function<void(Env&, std::vector<CK_BYTE>&)> fill;  // builds the parameter bytes
};

template <class T>
std::function<void(Env&, std::vector<CK_BYTE>&)> as(std::function<T(Env&)> make, std::size_t size = sizeof(T)) {
  return [make, size](Env& e, std::vector<CK_BYTE>& out) {
    T v = make(e);
    out.assign(size, 0);
    if (size != 0) std::memcpy(out.data(), &v, std::min(size, sizeof v));
  };
}

CK_BYTE g_iv[16] = {};
CK_BYTE g_data[64] = {};
CK_BYTE g_point[65] = {};

CK_GCM_PARAMS gcm(CK_BYTE_PTR iv, CK_ULONG iv_len, CK_BYTE_PTR aad, CK_ULONG aad_len, CK_ULONG tag_bits) {
  return CK_GCM_PARAMS{iv, iv_len, iv_len * 8, aad, aad_len, tag_bits};
}
CK_CCM_PARAMS ccm(CK_BYTE_PTR nonce, CK_ULONG nonce_len, CK_BYTE_PTR aad, CK_ULONG aad_len, CK_ULONG mac_len) {
  return CK_CCM_PARAMS{16, nonce, nonce_len, aad, aad_len, mac_len};
}
CK_HKDF_PARAMS hkdf(CK_BBOOL extract, CK_BBOOL expand, CK_MECHANISM_TYPE prf, CK_ULONG salt_type, CK_BYTE_PTR salt,
                    CK_ULONG salt_len, CK_BYTE_PTR info, CK_ULONG info_len) {
  return CK_HKDF_PARAMS{extract, expand, prf, salt_type, salt, salt_len, CK_INVALID_HANDLE, info, info_len};
}
CK_PKCS5_PBKD2_PARAMS2 pbkdf2(CK_VOID_PTR salt, CK_ULONG salt_len, CK_ULONG iterations, CK_ULONG prf,
                              CK_UTF8CHAR_PTR pw, CK_ULONG pw_len) {
  return CK_PKCS5_PBKD2_PARAMS2{CKZ_SALT_SPECIFIED, salt, salt_len, iterations, prf, nullptr, 0, pw, pw_len};
}

#define P(T, ...) as<T>([](Env & e) -> T { (void)e; return __VA_ARGS__; })
#define PS(T, size, ...) as<T>([](Env & e) -> T { (void)e; return __VA_ARGS__; }, size)

std::vector<ParamCase> cipher_cases() {
  using U = Use;
  return {
      {"CBC: IV of 15 bytes", U::kEncrypt, CKM_AES_CBC, PS(CK_BYTE*, 15, nullptr)},
      {"CTR: ulCounterBits 0", U::kEncrypt, CKM_AES_CTR, P(CK_AES_CTR_PARAMS, CK_AES_CTR_PARAMS{0, {}})},
      {"CTR: ulCounterBits 129", U::kEncrypt, CKM_AES_CTR, P(CK_AES_CTR_PARAMS, CK_AES_CTR_PARAMS{129, {}})},
      {"CTR: short structure", U::kEncrypt, CKM_AES_CTR, PS(CK_AES_CTR_PARAMS, 8, CK_AES_CTR_PARAMS{64, {}})},
      {"GCM: pIv NULL, ulIvLen 12", U::kEncrypt, CKM_AES_GCM, P(CK_GCM_PARAMS, gcm(nullptr, 12, nullptr, 0, 128))},
      {"GCM: ulIvLen 0", U::kEncrypt, CKM_AES_GCM, P(CK_GCM_PARAMS, gcm(g_iv, 0, nullptr, 0, 128))},
      {"GCM: pAAD NULL, ulAADLen 4", U::kEncrypt, CKM_AES_GCM, P(CK_GCM_PARAMS, gcm(g_iv, 12, nullptr, 4, 128))},
      {"GCM: ulTagBits 129", U::kEncrypt, CKM_AES_GCM, P(CK_GCM_PARAMS, gcm(g_iv, 12, nullptr, 0, 129))},
      {"GCM: ulTagBits 0", U::kEncrypt, CKM_AES_GCM, P(CK_GCM_PARAMS, gcm(g_iv, 12, nullptr, 0, 0))},
      {"GCM: short structure", U::kEncrypt, CKM_AES_GCM,
       PS(CK_GCM_PARAMS, sizeof(CK_GCM_PARAMS) - 1, gcm(g_iv, 12, nullptr, 0, 128))},
      {"CCM: pNonce NULL, ulNonceLen 12", U::kEncrypt, CKM_AES_CCM, P(CK_CCM_PARAMS, ccm(nullptr, 12, nullptr, 0, 16))},
      {"CCM: ulNonceLen 6", U::kEncrypt, CKM_AES_CCM, P(CK_CCM_PARAMS, ccm(g_iv, 6, nullptr, 0, 16))},
      {"CCM: ulNonceLen 14", U::kEncrypt, CKM_AES_CCM, P(CK_CCM_PARAMS, ccm(g_iv, 14, nullptr, 0, 16))},
      {"CCM: pAAD NULL, ulAADLen 4", U::kEncrypt, CKM_AES_CCM, P(CK_CCM_PARAMS, ccm(g_iv, 12, nullptr, 4, 16))},
      {"CCM: ulMACLen 5", U::kEncrypt, CKM_AES_CCM, P(CK_CCM_PARAMS, ccm(g_iv, 12, nullptr, 0, 5))},
      {"AES-KW: IV of 7 bytes", U::kWrap, CKM_AES_KEY_WRAP, PS(CK_BYTE*, 7, nullptr)},
      {"AES-KWP: IV of 8 bytes", U::kWrap, CKM_AES_KEY_WRAP_KWP, PS(CK_BYTE*, 8, nullptr)},
      {"OAEP: pSourceData NULL, ulSourceDataLen 8", U::kEncryptRsa, CKM_RSA_PKCS_OAEP,
       P(CK_RSA_PKCS_OAEP_PARAMS, CK_RSA_PKCS_OAEP_PARAMS{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 8})},
      {"OAEP: hashAlg CKM_AES_ECB", U::kEncryptRsa, CKM_RSA_PKCS_OAEP,
       P(CK_RSA_PKCS_OAEP_PARAMS, CK_RSA_PKCS_OAEP_PARAMS{CKM_AES_ECB, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 0})},
      {"OAEP: mgf 0x77", U::kEncryptRsa, CKM_RSA_PKCS_OAEP,
       P(CK_RSA_PKCS_OAEP_PARAMS, CK_RSA_PKCS_OAEP_PARAMS{CKM_SHA256, 0x77, CKZ_DATA_SPECIFIED, nullptr, 0})},
      {"OAEP: source 0x77", U::kEncryptRsa, CKM_RSA_PKCS_OAEP,
       P(CK_RSA_PKCS_OAEP_PARAMS, CK_RSA_PKCS_OAEP_PARAMS{CKM_SHA256, CKG_MGF1_SHA256, 0x77, nullptr, 0})},
      {"OAEP: no parameter", U::kEncryptRsa, CKM_RSA_PKCS_OAEP, PS(CK_BYTE, 0, 0)},
  };
}

std::vector<ParamCase> sign_derive_cases() {
  using U = Use;
  return {
      {"HMAC-GENERAL: length 33 for SHA-256", U::kSignSecret, CKM_SHA256_HMAC_GENERAL, P(CK_ULONG, 33)},
      {"HMAC-GENERAL: short structure", U::kSignSecret, CKM_SHA256_HMAC_GENERAL, PS(CK_ULONG, 4, 16)},
      {"PSS: hashAlg CKM_AES_ECB", U::kSignRsa, CKM_RSA_PKCS_PSS,
       P(CK_RSA_PKCS_PSS_PARAMS, CK_RSA_PKCS_PSS_PARAMS{CKM_AES_ECB, CKG_MGF1_SHA256, 32})},
      {"PSS: mgf 0x77", U::kSignRsa, CKM_RSA_PKCS_PSS,
       P(CK_RSA_PKCS_PSS_PARAMS, CK_RSA_PKCS_PSS_PARAMS{CKM_SHA256, 0x77, 32})},
      {"PSS: hashAlg SHA-1 under CKM_SHA256_RSA_PKCS_PSS", U::kSignRsa, CKM_SHA256_RSA_PKCS_PSS,
       P(CK_RSA_PKCS_PSS_PARAMS, CK_RSA_PKCS_PSS_PARAMS{CKM_SHA_1, CKG_MGF1_SHA1, 20})},
      {"PSS: no parameter", U::kSignRsa, CKM_RSA_PKCS_PSS, PS(CK_BYTE, 0, 0)},
      {"HKDF: neither extract nor expand", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_FALSE, CK_FALSE, CKM_SHA256, CKF_HKDF_SALT_NULL, nullptr, 0, nullptr, 0))},
      {"HKDF: prfHashMechanism CKM_AES_ECB", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_TRUE, CK_TRUE, CKM_AES_ECB, CKF_HKDF_SALT_NULL, nullptr, 0, nullptr, 0))},
      {"HKDF: ulSaltType 0", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_TRUE, CK_TRUE, CKM_SHA256, 0, nullptr, 0, nullptr, 0))},
      {"HKDF: ulSaltType 0x70", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_TRUE, CK_TRUE, CKM_SHA256, 0x70, nullptr, 0, nullptr, 0))},
      {"HKDF: pSalt NULL, ulSaltLen 4", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_TRUE, CK_TRUE, CKM_SHA256, CKF_HKDF_SALT_DATA, nullptr, 4, nullptr, 0))},
      {"HKDF: pInfo NULL, ulInfoLen 4", U::kDeriveSecret, CKM_HKDF_DERIVE,
       P(CK_HKDF_PARAMS, hkdf(CK_TRUE, CK_TRUE, CKM_SHA256, CKF_HKDF_SALT_NULL, nullptr, 0, nullptr, 4))},
      {"ECDH1: pPublicData NULL, ulPublicDataLen 65", U::kDeriveEc, CKM_ECDH1_DERIVE,
       P(CK_ECDH1_DERIVE_PARAMS, CK_ECDH1_DERIVE_PARAMS{CKD_NULL, 0, nullptr, 65, nullptr})},
      {"ECDH1: kdf 0x77", U::kDeriveEc, CKM_ECDH1_DERIVE,
       P(CK_ECDH1_DERIVE_PARAMS, CK_ECDH1_DERIVE_PARAMS{0x77, 0, nullptr, 65, g_point})},
      {"ECDH1: CKD_NULL with shared data", U::kDeriveEc, CKM_ECDH1_DERIVE,
       P(CK_ECDH1_DERIVE_PARAMS, CK_ECDH1_DERIVE_PARAMS{CKD_NULL, 4, g_data, 65, g_point})},
      {"ECDH1: pSharedData NULL, ulSharedDataLen 4", U::kDeriveEc, CKM_ECDH1_DERIVE,
       P(CK_ECDH1_DERIVE_PARAMS, CK_ECDH1_DERIVE_PARAMS{CKD_SHA256_KDF, 4, nullptr, 65, g_point})},
      {"SP800-108: pDataParams NULL, 2 entries", U::kDeriveSecret, CKM_SP800_108_COUNTER_KDF,
       P(CK_SP800_108_KDF_PARAMS, CK_SP800_108_KDF_PARAMS{CKM_SHA256_HMAC, 2, nullptr, 0, nullptr})},
      {"SP800-108: pAdditionalDerivedKeys NULL, 1 entry", U::kDeriveSecret, CKM_SP800_108_COUNTER_KDF,
       P(CK_SP800_108_KDF_PARAMS, CK_SP800_108_KDF_PARAMS{CKM_SHA256_HMAC, 0, nullptr, 1, nullptr})},
      {"SP800-108: prfType CKM_AES_ECB", U::kDeriveSecret, CKM_SP800_108_COUNTER_KDF,
       P(CK_SP800_108_KDF_PARAMS, CK_SP800_108_KDF_PARAMS{CKM_AES_ECB, 0, nullptr, 0, nullptr})},
      {"PBKDF2: pPassword NULL, ulPasswordLen 8", U::kGenerate, CKM_PKCS5_PBKD2,
       P(CK_PKCS5_PBKD2_PARAMS2, pbkdf2(g_data, 8, 1000, CKP_PKCS5_PBKD2_HMAC_SHA256, nullptr, 8))},
      {"PBKDF2: iterations 0", U::kGenerate, CKM_PKCS5_PBKD2,
       P(CK_PKCS5_PBKD2_PARAMS2, pbkdf2(g_data, 8, 0, CKP_PKCS5_PBKD2_HMAC_SHA256, g_data, 8))},
      {"PBKDF2: pSaltSourceData NULL, length 8", U::kGenerate, CKM_PKCS5_PBKD2,
       P(CK_PKCS5_PBKD2_PARAMS2, pbkdf2(nullptr, 8, 1000, CKP_PKCS5_PBKD2_HMAC_SHA256, g_data, 8))},
      {"PBKDF2: prf 0x77", U::kGenerate, CKM_PKCS5_PBKD2,
       P(CK_PKCS5_PBKD2_PARAMS2, pbkdf2(g_data, 8, 1000, 0x77, g_data, 8))},
  };
}

CK_RV run_with(Env& e, Use use, CK_MECHANISM* m) {
  CK_OBJECT_HANDLE o = CK_INVALID_HANDLE;
  e.out_len = sizeof e.out;
  switch (use) {
    case Use::kEncrypt: return e.f->C_EncryptInit(e.s, m, e.aes);
    case Use::kSignSecret: return e.f->C_SignInit(e.s, m, e.generic);
    case Use::kSignRsa: return e.f->C_SignInit(e.s, m, e.rsa_priv);
    case Use::kEncryptRsa: return e.f->C_EncryptInit(e.s, m, e.rsa_pub);
    case Use::kDeriveSecret:
      return e.f->C_DeriveKey(e.s, m, e.generic, e.derive_tmpl.data(), e.derive_tmpl.size(), &o);
    case Use::kDeriveEc: return e.f->C_DeriveKey(e.s, m, e.ec_priv, e.derive_tmpl.data(), e.derive_tmpl.size(), &o);
    case Use::kGenerate: {
      std::vector<CK_ATTRIBUTE> t = e.secret_tmpl;
      t.push_back(CK_ATTRIBUTE{CKA_VALUE_LEN, &e.derived_len, sizeof e.derived_len});
      return e.f->C_GenerateKey(e.s, m, t.data(), t.size(), &o);
    }
    case Use::kWrap: return e.f->C_WrapKey(e.s, m, e.aes, e.generic, e.out, &e.out_len);
  }
  return CKR_GENERAL_ERROR;
}

TEST_F(ParamsTest, FieldsInsideMechanismParameters) {
  Env& e = env();
  // A valid P-256 point for the ECDH rows, so only the named field is wrong.
  Bytes point = get_attr(e.s, e.ec_pub, CKA_EC_POINT);
  ASSERT_GE(point.size(), 65u);
  std::memcpy(g_point, point.data() + point.size() - 65, 65);
  int n = 0;
  for (auto part : {cipher_cases(), sign_derive_cases()}) {
    for (const auto& c : part) {
      ++n;
      std::vector<CK_BYTE> bytes;
      c.fill(e, bytes);
      CK_MECHANISM m{c.type, bytes.empty() ? nullptr : bytes.data(), bytes.size()};
      expect_rv(c.name, CKR_MECHANISM_PARAM_INVALID, run_with(e, c.use, &m));
      e.cancel_all();
    }
  }
  EXPECT_EQ(n, 45);
  // None of that left an operation behind.
  e.out_len = sizeof e.out;
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_EncryptFinal(e.s, e.out, &e.out_len));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_SignFinal(e.s, e.out, &e.out_len));
}

// Message-based AEAD: the per-message CK_GCM_MESSAGE_PARAMS / CK_CCM_MESSAGE_PARAMS.
TEST_F(ParamsTest, PerMessageParameters) {
  Env& e = env();
  struct Row {
    std::string name;
    CK_GCM_MESSAGE_PARAMS p;
  };
  const Row rows[] = {
      {"pIv NULL, ulIvLen 12", {nullptr, 12, 0, CKG_GENERATE_RANDOM, e.tag, 128}},
      {"ulIvLen 0", {e.iv, 0, 0, CKG_GENERATE_RANDOM, e.tag, 128}},
      {"pTag NULL", {e.iv, 12, 0, CKG_GENERATE_RANDOM, nullptr, 128}},
      {"ulTagBits 129", {e.iv, 12, 0, CKG_GENERATE_RANDOM, e.tag, 129}},
      {"ivGenerator 0x77", {e.iv, 12, 0, 0x77, e.tag, 128}},
      {"ulIvFixedBits 200 of a 96-bit IV", {e.iv, 12, 200, CKG_GENERATE_COUNTER, e.tag, 128}},
  };
  for (const auto& r : rows) {
    ASSERT_OK(f()->C_MessageEncryptInit(e.s, &e.gcm, e.aes));
    CK_GCM_MESSAGE_PARAMS p = r.p;
    e.out_len = sizeof e.out;
    expect_rv("C_EncryptMessage(" + r.name + ")", CKR_MECHANISM_PARAM_INVALID,
              f()->C_EncryptMessage(e.s, &p, sizeof p, e.in, 4, e.in, 16, e.out, &e.out_len));
    expect_rv("C_EncryptMessageBegin(" + r.name + ")", CKR_MECHANISM_PARAM_INVALID,
              f()->C_EncryptMessageBegin(e.s, &p, sizeof p, e.in, 4));
    e.cancel_all();
  }
}

}  // namespace
}  // namespace craton::test
