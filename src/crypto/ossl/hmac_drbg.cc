// SP 800-90A Rev. 1 section 10.1.2 HMAC_DRBG, HMAC-SHA-256 (see the header).
//
// HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)) with K zero-padded to the
// 64-byte block (RFC 2104 / FIPS 198-1). The two padded-key blocks are
// absorbed once per Key into `inner` / `outer`; every HMAC copies them.
// The low-level SHA256_* functions are deprecated in OpenSSL 3 but are the
// only interface that lets a hash state be copied for free (EVP_MD_CTX_copy
// allocates); they run the same SHA-NI/AVX code as EVP.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypto/ossl/internal/hmac_drbg.h"

#include <openssl/sha.h>

#include <cstring>
#include <new>

namespace craton::crypto::ossl {

struct HmacDrbg::State {
  std::uint8_t key[kOutLen];
  std::uint8_t v[kOutLen];
  SHA256_CTX inner;  // after absorbing Key ^ ipad
  SHA256_CTX outer;  // after absorbing Key ^ opad
  // Temporaries, kept here so they are in locked memory too.
  SHA256_CTX work;
  std::uint8_t digest[kOutLen];
  std::uint8_t pad[SHA256_CBLOCK];
  std::uint64_t reseed_counter;
  bool instantiated;
};

namespace {
constexpr std::uint8_t kZero = 0x00, kOne = 0x01;
}  // namespace

HmacDrbg::HmacDrbg(std::uint64_t reseed_interval) : s_(nullptr), reseed_interval_(reseed_interval) {
  if (reseed_interval_ == 0 || reseed_interval_ > kMaxReseedInterval) reseed_interval_ = kMaxReseedInterval;
  try {
    void* mem = locked_allocate(sizeof(State));
    std::memset(mem, 0, sizeof(State));
    s_ = new (mem) State;  // trivial type: zeroed above, not instantiated
  } catch (const std::bad_alloc&) {
    s_ = nullptr;
  }
}

HmacDrbg::~HmacDrbg() {
  if (s_ == nullptr) return;
  s_->~State();
  locked_deallocate(s_, sizeof(State));  // wipes the whole state
}

bool HmacDrbg::instantiated() const { return s_ != nullptr && s_->instantiated; }
std::uint64_t HmacDrbg::reseed_counter() const { return s_ != nullptr ? s_->reseed_counter : 0; }

void HmacDrbg::set_key() {
  static_assert(kOutLen <= SHA256_CBLOCK);
  for (std::size_t i = 0; i < SHA256_CBLOCK; ++i) s_->pad[i] = (i < kOutLen ? s_->key[i] : 0) ^ 0x36;
  SHA256_Init(&s_->inner);
  SHA256_Update(&s_->inner, s_->pad, SHA256_CBLOCK);
  for (std::size_t i = 0; i < SHA256_CBLOCK; ++i) s_->pad[i] = (i < kOutLen ? s_->key[i] : 0) ^ 0x5c;
  SHA256_Init(&s_->outer);
  SHA256_Update(&s_->outer, s_->pad, SHA256_CBLOCK);
}

void HmacDrbg::hmac_begin() { s_->work = s_->inner; }

void HmacDrbg::hmac_absorb(ByteView data) {
  if (!data.empty()) SHA256_Update(&s_->work, data.data(), data.size());
}

// `out` may alias V: V is absorbed before it is overwritten.
void HmacDrbg::hmac_finish(std::uint8_t* out) {
  SHA256_Final(s_->digest, &s_->work);
  s_->work = s_->outer;
  SHA256_Update(&s_->work, s_->digest, kOutLen);
  SHA256_Final(out, &s_->work);
}

// HMAC_DRBG_Update (10.1.2.2); provided_data is the concatenation of
// parts[0..count), Null when all are empty.
void HmacDrbg::update(const ByteView* parts, std::size_t count) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) total += parts[i].size();
  for (const std::uint8_t* sep : {&kZero, &kOne}) {
    hmac_begin();  // Key = HMAC(Key, V || sep || provided_data)
    hmac_absorb(ByteView(s_->v, kOutLen));
    hmac_absorb(ByteView(sep, 1));
    for (std::size_t i = 0; i < count; ++i) hmac_absorb(parts[i]);
    hmac_finish(s_->key);
    set_key();
    hmac_begin();  // V = HMAC(Key, V)
    hmac_absorb(ByteView(s_->v, kOutLen));
    hmac_finish(s_->v);
    if (total == 0) return;
  }
}

void HmacDrbg::wipe_scratch() {
  secure_wipe(&s_->work, sizeof(s_->work));
  secure_wipe(s_->digest, sizeof(s_->digest));
  secure_wipe(s_->pad, sizeof(s_->pad));
}

Status HmacDrbg::instantiate(ByteView entropy, ByteView nonce, ByteView personalization) {
  if (s_ == nullptr) return err(CKR_HOST_MEMORY);
  if (entropy.size() < kMinEntropy || nonce.size() < kMinNonce) return err(CKR_ARGUMENTS_BAD);
  std::memset(s_->key, 0x00, kOutLen);
  std::memset(s_->v, 0x01, kOutLen);
  set_key();
  const ByteView seed_material[] = {entropy, nonce, personalization};
  update(seed_material, 3);
  s_->reseed_counter = 1;
  s_->instantiated = true;
  wipe_scratch();
  return Status::ok();
}

Status HmacDrbg::reseed(ByteView entropy, ByteView additional) {
  if (!instantiated()) return err(CKR_ARGUMENTS_BAD);
  if (entropy.size() < kMinEntropy) return err(CKR_ARGUMENTS_BAD);
  const ByteView seed_material[] = {entropy, additional};
  update(seed_material, 2);
  s_->reseed_counter = 1;
  wipe_scratch();
  return Status::ok();
}

HmacDrbg::Outcome HmacDrbg::generate(MutableByteView out, ByteView additional) {
  if (!instantiated() || out.size() > kMaxRequest) return Outcome::kInvalid;
  if (s_->reseed_counter > reseed_interval_) return Outcome::kReseedRequired;
  if (!additional.empty()) update(&additional, 1);
  std::size_t off = 0;
  for (; off + kOutLen <= out.size(); off += kOutLen) {
    hmac_begin();
    hmac_absorb(ByteView(s_->v, kOutLen));
    hmac_finish(s_->v);
    std::memcpy(out.data() + off, s_->v, kOutLen);
  }
  if (off < out.size()) {  // leftmost bits of the last V
    hmac_begin();
    hmac_absorb(ByteView(s_->v, kOutLen));
    hmac_finish(s_->v);
    std::memcpy(out.data() + off, s_->v, out.size() - off);
  }
  update(&additional, 1);
  ++s_->reseed_counter;
  wipe_scratch();
  return Outcome::kOk;
}

}  // namespace craton::crypto::ossl
