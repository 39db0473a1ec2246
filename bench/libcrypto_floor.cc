#include "libcrypto_floor.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "operations.h"
#include "p11_util.h"

namespace bench {
namespace {

using Pkey = std::shared_ptr<EVP_PKEY>;

CK_RV done(bool ok) {
  if (ok) return CKR_OK;
  ERR_clear_error();
  return CKR_FUNCTION_FAILED;
}

Pkey make_key(const std::string& id) {
  EVP_PKEY* k = nullptr;
  if (id == "rsa2048") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  else if (id == "p256" || id == "p256-peer") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  else if (id == "p384") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
  else if (id == "ed25519") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (k == nullptr) throw std::runtime_error("libcrypto key generation failed: " + id);
  return Pkey(k, EVP_PKEY_free);
}

// Keys are made once and shared by every runner (and thread) of the worker.
Pkey key(const std::string& id) {
  static std::mutex mu;
  static std::map<std::string, Pkey> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& k = cache[id];
  if (!k) k = make_key(id);
  return k;
}

const EVP_MD* md(const char* name) {
  static std::mutex mu;
  static std::map<std::string, EVP_MD*> cache;
  std::lock_guard<std::mutex> lock(mu);
  EVP_MD*& m = cache[name];
  if (m == nullptr) m = EVP_MD_fetch(nullptr, name, nullptr);
  return m;
}

const EVP_CIPHER* cipher(const char* name) {
  static std::mutex mu;
  static std::map<std::string, EVP_CIPHER*> cache;
  std::lock_guard<std::mutex> lock(mu);
  EVP_CIPHER*& c = cache[name];
  if (c == nullptr) c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  return c;
}

// A runner from a lambda; `check_now` makes construction fail if the first
// iteration does.
class FnRunner final : public Runner {
 public:
  explicit FnRunner(std::function<bool()> fn) : fn_(std::move(fn)) {
    if (run_once() != CKR_OK) throw std::runtime_error("libcrypto operation failed");
  }
  CK_RV run_once() override { return done(fn_()); }

 private:
  std::function<bool()> fn_;
};

std::unique_ptr<Runner> fn(std::function<bool()> f) { return std::make_unique<FnRunner>(std::move(f)); }

// EVP_DigestSign with a fresh EVP_MD_CTX per signature (md null for EdDSA).
bool digest_sign(EVP_PKEY* k, const EVP_MD* m, bool pss, const Bytes& data, Bytes& sig) {
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pc = nullptr;
  bool ok = c != nullptr && EVP_DigestSignInit(c, &pc, m, nullptr, k) == 1;
  if (ok && pss) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 32) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(pc, m) == 1;
  }
  size_t len = sig.size();
  ok = ok && EVP_DigestSign(c, sig.data(), &len, data.data(), data.size()) == 1;
  EVP_MD_CTX_free(c);
  return ok;
}

bool digest_verify(EVP_PKEY* k, const EVP_MD* m, const Bytes& data, const Bytes& sig) {
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  bool ok = c != nullptr && EVP_DigestVerifyInit(c, nullptr, m, nullptr, k) == 1 &&
            EVP_DigestVerify(c, sig.data(), sig.size(), data.data(), data.size()) == 1;
  EVP_MD_CTX_free(c);
  return ok;
}

// EVP_PKEY_sign over a precomputed hash (CKM_ECDSA's job).
bool pkey_sign(EVP_PKEY* k, const Bytes& hash, Bytes& sig, size_t* out_len = nullptr) {
  EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(nullptr, k, nullptr);
  size_t len = sig.size();
  bool ok = c != nullptr && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig.data(), &len, hash.data(), hash.size()) == 1;
  EVP_PKEY_CTX_free(c);
  if (out_len != nullptr) *out_len = len;
  return ok;
}

bool pkey_verify(EVP_PKEY* k, const Bytes& hash, const Bytes& sig) {
  EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(nullptr, k, nullptr);
  bool ok = c != nullptr && EVP_PKEY_verify_init(c) == 1 &&
            EVP_PKEY_verify(c, sig.data(), sig.size(), hash.data(), hash.size()) == 1;
  EVP_PKEY_CTX_free(c);
  return ok;
}

std::unique_ptr<Runner> sign_op(const std::string& key_id, const char* md_name, bool pss, std::size_t n) {
  auto k = key(key_id);
  const EVP_MD* m = md_name ? md(md_name) : nullptr;
  auto data = std::make_shared<Bytes>(pattern(n));
  auto sig = std::make_shared<Bytes>(EVP_PKEY_get_size(k.get()));
  return fn([=] { return digest_sign(k.get(), m, pss, *data, *sig); });
}

std::unique_ptr<Runner> verify_op(const std::string& key_id, const char* md_name, std::size_t n) {
  auto k = key(key_id);
  const EVP_MD* m = md_name ? md(md_name) : nullptr;
  auto data = std::make_shared<Bytes>(pattern(n));
  auto sig = std::make_shared<Bytes>(EVP_PKEY_get_size(k.get()));
  size_t len = sig->size();
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  const bool ok = EVP_DigestSignInit(c, nullptr, m, nullptr, k.get()) == 1 &&
                  EVP_DigestSign(c, sig->data(), &len, data->data(), data->size()) == 1;
  EVP_MD_CTX_free(c);
  if (!ok) throw std::runtime_error("libcrypto signature failed");
  sig->resize(len);
  return fn([=] { return digest_verify(k.get(), m, *data, *sig); });
}

std::unique_ptr<Runner> ecdsa_op(const std::string& key_id, std::size_t hash_len, bool verify) {
  auto k = key(key_id);
  auto hash = std::make_shared<Bytes>(pattern(hash_len));
  auto sig = std::make_shared<Bytes>(EVP_PKEY_get_size(k.get()));
  if (!verify) return fn([=] { return pkey_sign(k.get(), *hash, *sig); });
  size_t len = 0;
  if (!pkey_sign(k.get(), *hash, *sig, &len)) throw std::runtime_error("libcrypto ECDSA failed");
  sig->resize(len);
  return fn([=] { return pkey_verify(k.get(), *hash, *sig); });
}

bool set_oaep(EVP_PKEY_CTX* c, const EVP_MD* m) {
  return EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) == 1 && EVP_PKEY_CTX_set_rsa_oaep_md(c, m) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(c, m) == 1;
}

std::unique_ptr<Runner> oaep_decrypt(const char* md_name) {
  auto k = key("rsa2048");
  const EVP_MD* m = md(md_name);
  auto ct = std::make_shared<Bytes>(256);
  const Bytes msg = pattern(32);
  EVP_PKEY_CTX* e = EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr);
  size_t len = ct->size();
  const bool ok = EVP_PKEY_encrypt_init(e) == 1 && set_oaep(e, m) &&
                  EVP_PKEY_encrypt(e, ct->data(), &len, msg.data(), msg.size()) == 1;
  EVP_PKEY_CTX_free(e);
  if (!ok) throw std::runtime_error("libcrypto OAEP encryption failed");
  auto out = std::make_shared<Bytes>(256);
  return fn([=] {
    EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr);
    size_t n = out->size();
    const bool r = c != nullptr && EVP_PKEY_decrypt_init(c) == 1 && set_oaep(c, m) &&
                   EVP_PKEY_decrypt(c, out->data(), &n, ct->data(), ct->size()) == 1;
    EVP_PKEY_CTX_free(c);
    return r;
  });
}

std::unique_ptr<Runner> ecdh_derive() {
  auto k = key("p256");
  auto peer = key("p256-peer");
  return fn([=] {
    unsigned char z[32];
    size_t n = sizeof z;
    EVP_PKEY_CTX* c = EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr);
    // EVP_PKEY_derive_set_peer validates the peer key, as a module must.
    const bool r = c != nullptr && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer(c, peer.get()) == 1 &&
                   EVP_PKEY_derive(c, z, &n) == 1;
    EVP_PKEY_CTX_free(c);
    return r;
  });
}

struct CipherJob {
  const EVP_CIPHER* cipher;
  bool encrypt;
  bool gcm;
  Bytes key, iv, in, out, tag;
};

bool cipher_once(CipherJob& j) {
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  if (c == nullptr) return false;
  EVP_CIPHER_CTX_set_flags(c, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  int n = 0, fin = 0;
  bool ok = EVP_CipherInit_ex2(c, j.cipher, j.key.data(), j.iv.data(), j.encrypt ? 1 : 0, nullptr) == 1;
  if (ok && j.gcm && !j.encrypt) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, j.tag.data()) == 1;
  ok = ok && EVP_CipherUpdate(c, j.out.data(), &n, j.in.data(), static_cast<int>(j.in.size())) == 1;
  ok = ok && EVP_CipherFinal_ex(c, j.out.data() + n, &fin) == 1;
  if (ok && j.gcm && j.encrypt) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, j.tag.data()) == 1;
  EVP_CIPHER_CTX_free(c);
  return ok;
}

std::unique_ptr<Runner> cipher_op(const char* name, bool encrypt, bool gcm, std::size_t n, std::size_t iv_len) {
  auto j = std::make_shared<CipherJob>();
  j->cipher = cipher(name);
  if (j->cipher == nullptr) throw std::runtime_error(std::string("EVP_CIPHER_fetch failed: ") + name);
  j->encrypt = true;
  j->gcm = gcm;
  j->key = pattern(32, 0x21);
  j->iv = pattern(iv_len, 0x11);
  j->in = pattern(n);
  j->out.resize(n + 32);
  j->tag.resize(16);
  if (!encrypt) {  // decrypt what an encryption produced, tag included
    if (!cipher_once(*j)) throw std::runtime_error("libcrypto encryption failed");
    j->in.assign(j->out.begin(), j->out.begin() + static_cast<std::ptrdiff_t>(n));
    j->encrypt = false;
  }
  return fn([j] {
    if (j->gcm && j->encrypt) ++j->iv[11];  // fresh IV per message, like the module runners
    return cipher_once(*j);
  });
}

std::unique_ptr<Runner> digest_op(std::size_t n) {
  const EVP_MD* m = md("SHA256");
  auto in = std::make_shared<Bytes>(pattern(n));
  return fn([=] {
    unsigned char out[32];
    unsigned int len = 0;
    EVP_MD_CTX* c = EVP_MD_CTX_new();
    const bool r = c != nullptr && EVP_DigestInit_ex2(c, m, nullptr) == 1 && EVP_DigestUpdate(c, in->data(), in->size()) == 1 &&
                   EVP_DigestFinal_ex(c, out, &len) == 1;
    EVP_MD_CTX_free(c);
    return r;
  });
}

std::unique_ptr<Runner> hmac_op() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  auto in = std::make_shared<Bytes>(pattern(4096));
  auto k = std::make_shared<Bytes>(pattern(32, 0x33));
  return fn([=] {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    unsigned char out[32];
    size_t len = 0;
    EVP_MAC_CTX* c = EVP_MAC_CTX_new(mac);
    const bool r = c != nullptr && EVP_MAC_init(c, k->data(), k->size(), params) == 1 &&
                   EVP_MAC_update(c, in->data(), in->size()) == 1 && EVP_MAC_final(c, out, &len, sizeof out) == 1;
    EVP_MAC_CTX_free(c);
    return r;
  });
}

std::unique_ptr<Runner> keygen_op(const char* type) {
  const std::string t = type;
  return fn([t] {
    EVP_PKEY* k = t == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))
                             : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    EVP_PKEY_free(k);
    return k != nullptr;
  });
}

using FloorFactory = std::function<std::unique_ptr<Runner>()>;

const std::map<std::string, FloorFactory>& floor_ops() {
  static const std::map<std::string, FloorFactory> m = {
      {"rsa2048-pkcs1-sign", [] { return sign_op("rsa2048", "SHA256", false, 64); }},
      {"rsa2048-pkcs1-verify", [] { return verify_op("rsa2048", "SHA256", 64); }},
      {"rsa2048-pss-sign", [] { return sign_op("rsa2048", "SHA256", true, 64); }},
      {"rsa2048-oaep-sha256-decrypt", [] { return oaep_decrypt("SHA256"); }},
      {"rsa2048-oaep-sha1-decrypt", [] { return oaep_decrypt("SHA1"); }},
      {"ecdsa-p256-sign", [] { return ecdsa_op("p256", 32, false); }},
      {"ecdsa-p256-verify", [] { return ecdsa_op("p256", 32, true); }},
      {"ecdsa-p384-sign", [] { return ecdsa_op("p384", 48, false); }},
      {"ed25519-sign", [] { return sign_op("ed25519", nullptr, false, 64); }},
      {"ed25519-verify", [] { return verify_op("ed25519", nullptr, 64); }},
      {"ecdh-p256-derive", [] { return ecdh_derive(); }},
      {"aes256-gcm-encrypt-4k", [] { return cipher_op("AES-256-GCM", true, true, 4096, 12); }},
      {"aes256-gcm-encrypt-64b", [] { return cipher_op("AES-256-GCM", true, true, 64, 12); }},
      {"aes256-gcm-decrypt-4k", [] { return cipher_op("AES-256-GCM", false, true, 4096, 12); }},
      {"aes256-gcm-decrypt-64b", [] { return cipher_op("AES-256-GCM", false, true, 64, 12); }},
      {"aes256-cbc-pad-encrypt-4k", [] { return cipher_op("AES-256-CBC", true, false, 4096, 16); }},
      {"aes256-kw-wrap", [] { return cipher_op("AES-256-WRAP", true, false, 32, 0); }},
      {"sha256-4k", [] { return digest_op(4096); }},
      {"sha256-64b", [] { return digest_op(64); }},
      {"hmac-sha256-4k", [] { return hmac_op(); }},
      {"random-32", [] { return fn([] { unsigned char b[32]; return RAND_bytes(b, sizeof b) == 1; }); }},
      {"random-48", [] { return fn([] { unsigned char b[48]; return RAND_bytes(b, sizeof b) == 1; }); }},
      {"keygen-aes256", [] { return fn([] { unsigned char b[32]; return RAND_priv_bytes(b, sizeof b) == 1; }); }},
      {"keygen-ec-p256", [] { return keygen_op("EC"); }},
      {"keygen-rsa2048", [] { return keygen_op("RSA"); }},
  };
  return m;
}

}  // namespace

std::unique_ptr<Runner> make_floor_runner(const std::string& base) {
  auto it = floor_ops().find(base);
  if (it == floor_ops().end()) throw NotAvailable("no libcrypto equivalent");
  return it->second();
}

}  // namespace bench
