// FIPS 204 core: KeyGen_internal, Sign_internal and Verify_internal on
// expanded keys (algorithms 6 - 8).
#include "pqc/ml_dsa.h"

#include <cstring>

#include "pqc/ml_dsa_internal.h"

namespace craton::pqc {
namespace mldsa {
namespace {

// Heap scratch space, wiped before it is freed: one allocation per call keeps
// the ~50 KiB of polynomials off small thread stacks.
template <class T>
struct WipeDelete {
  void operator()(T* p) const noexcept {
    secure_wipe(p, sizeof(T));
    delete p;
  }
};
template <class T>
using WipedPtr = std::unique_ptr<T, WipeDelete<T>>;
template <class T>
WipedPtr<T> make_wiped() {
  return WipedPtr<T>(new T());
}
// The same without zero-filling first, for scratch every path writes before
// it reads (the signing loop: ~40 KiB it would otherwise clear per call).
template <class T>
WipedPtr<T> make_wiped_uninit() {
  return WipedPtr<T>(new T);
}

void ntt_reduced(Poly& out, const Poly& in) {
  out = in;
  ntt(out);
  poly_reduce32(out);
}

// t = NTT^-1(A_hat o s1_hat) + s2, coefficients in [0, q). s2 enters the
// accumulator as s2_hat * 2^-32 so one inverse NTT serves both terms.
void compute_t(const PrivateData& d, PolyVecK& t) {
  const ParamSet& p = *d.p;
  for (int i = 0; i < p.k; ++i) {
    for (int n = 0; n < kN; ++n) t[i].c[n] = montgomery_reduce(d.s2_hat[i].c[n]);
    for (int j = 0; j < p.l; ++j) pointwise_acc_montgomery(t[i], d.a_hat[i][j], d.s1_hat[j]);
    poly_reduce32(t[i]);
    invntt_tomont(t[i]);
    poly_caddq(t[i]);
  }
}

void split_t(const ParamSet& p, const PolyVecK& t, PolyVecK& t1, PolyVecK& t0) {
  for (int i = 0; i < p.k; ++i)
    for (int n = 0; n < kN; ++n) power2round(t[i].c[n], t1[i].c[n], t0[i].c[n]);
}

struct KeyGenWork {
  std::uint8_t seeds[2 * kSeedBytes + kCrhBytes];  // rho || rho' || K
  PolyVecL s1;
  PolyVecK s2, t, t1, t0;
  std::uint8_t pk[kParams87.pk_bytes];
};

// KeyGen_internal (algorithm 6) filling d; sk_out may be null.
void generate(const ParamSet& p, const std::uint8_t xi[kSeedBytes], PrivateData& d, std::uint8_t* pk_out,
              std::uint8_t* sk_out) {
  auto ws = make_wiped<KeyGenWork>();
  Shake256 h;
  h.absorb(ByteView(xi, kSeedBytes));
  const std::uint8_t kl[2] = {static_cast<std::uint8_t>(p.k), static_cast<std::uint8_t>(p.l)};
  h.absorb(kl);
  h.squeeze(ws->seeds);
  const std::uint8_t* rho = ws->seeds;
  const std::uint8_t* rho_prime = ws->seeds + kSeedBytes;
  d.p = &p;
  std::memcpy(d.parts.rho, rho, kSeedBytes);
  std::memcpy(d.parts.key, ws->seeds + kSeedBytes + kCrhBytes, kSeedBytes);
  expand_a(d.a_hat, p, rho);
  expand_s(ws->s1, ws->s2, p, rho_prime);
  for (int j = 0; j < p.l; ++j) ntt_reduced(d.s1_hat[j], ws->s1[j]);
  for (int i = 0; i < p.k; ++i) ntt_reduced(d.s2_hat[i], ws->s2[i]);
  compute_t(d, ws->t);
  split_t(p, ws->t, ws->t1, ws->t0);
  pk_encode(p, rho, ws->t1, ws->pk);
  shake256(ByteView(ws->pk, p.pk_bytes), d.parts.tr);
  for (int i = 0; i < p.k; ++i) ntt_reduced(d.t0_hat[i], ws->t0[i]);
  if (pk_out != nullptr) std::memcpy(pk_out, ws->pk, p.pk_bytes);
  if (sk_out != nullptr) sk_encode(p, d.parts, ws->s1, ws->s2, ws->t0, sk_out);
}

struct SignWork {
  std::uint8_t rho2[kCrhBytes];  // rho''
  std::uint8_t c_tilde[kMaxCTildeBytes];
  std::uint8_t w1_packed[kMaxK * 32 * 6];
  PolyVecL y, z;
  PolyVecK w, hi, wcs2, h;
  Poly c_hat, tmp;
};

// w = NTT^-1(A_hat o NTT(y)) in [0, q), its high bits, and c_tilde.
void commit(const PrivateData& d, const std::uint8_t mu[kCrhBytes], SignWork& ws) {
  const ParamSet& p = *d.p;
  for (int j = 0; j < p.l; ++j) {
    ws.z[j] = ws.y[j];
    ntt(ws.z[j]);
  }
  for (int i = 0; i < p.k; ++i) {
    std::memset(ws.w[i].c, 0, sizeof ws.w[i].c);
    for (int j = 0; j < p.l; ++j) pointwise_acc_montgomery(ws.w[i], d.a_hat[i][j], ws.z[j]);
    poly_reduce32(ws.w[i]);
    invntt_tomont(ws.w[i]);
    poly_caddq(ws.w[i]);
    std::int32_t r0;
    for (int n = 0; n < kN; ++n) decompose(ws.w[i].c[n], p.gamma2, ws.hi[i].c[n], r0);
  }
  w1_encode(p, ws.hi, ws.w1_packed);
  Shake256 h;
  h.absorb(ByteView(mu, kCrhBytes));
  h.absorb(ByteView(ws.w1_packed, static_cast<std::size_t>(p.k) * 32 * p.w1_bits));
  h.squeeze(MutableByteView(ws.c_tilde, static_cast<std::size_t>(p.c_tilde_bytes)));
}

// z = y + c s1 and r0 = LowBits(w - c s2) with their norm tests (FIPS 204
// algorithm 7, steps 19 - 23); returns 1 to reject. Both norms are always
// evaluated so the timing does not tell which one failed.
std::uint32_t respond(const PrivateData& d, SignWork& ws) {
  const ParamSet& p = *d.p;
  std::uint32_t reject = 0;
  for (int j = 0; j < p.l; ++j) {
    pointwise_montgomery(ws.tmp, ws.c_hat, d.s1_hat[j]);
    invntt_tomont(ws.tmp);
    ws.z[j] = ws.y[j];
    poly_add(ws.z[j], ws.tmp);
    poly_reduce32(ws.z[j]);
    reject |= poly_norm_exceeds(ws.z[j], p.gamma1 - p.beta);
  }
  for (int i = 0; i < p.k; ++i) {
    pointwise_montgomery(ws.tmp, ws.c_hat, d.s2_hat[i]);
    invntt_tomont(ws.tmp);
    ws.wcs2[i] = ws.w[i];
    poly_sub(ws.wcs2[i], ws.tmp);
    poly_freeze(ws.wcs2[i]);
    for (int n = 0; n < kN; ++n) decompose(ws.wcs2[i].c[n], p.gamma2, ws.hi[i].c[n], ws.tmp.c[n]);
    reject |= poly_norm_exceeds(ws.tmp, p.gamma2 - p.beta);
  }
  return reject & 1u;
}

// c t0 and the hint (steps 25 - 28); returns 1 to reject. ws.hi holds
// HighBits(w - c s2) from respond().
std::uint32_t make_hints(const PrivateData& d, SignWork& ws) {
  const ParamSet& p = *d.p;
  std::uint32_t reject = 0;
  std::int32_t hint_count = 0;
  for (int i = 0; i < p.k; ++i) {
    pointwise_montgomery(ws.tmp, ws.c_hat, d.t0_hat[i]);
    invntt_tomont(ws.tmp);
    poly_reduce32(ws.tmp);
    reject |= poly_norm_exceeds(ws.tmp, p.gamma2);
    for (int n = 0; n < kN; ++n) {
      // MakeHint(-ct0, w - cs2 + ct0): HighBits(w - cs2 + ct0) != HighBits(w - cs2).
      std::int32_t r1, r0;
      decompose(freeze(ws.wcs2[i].c[n] + ws.tmp.c[n]), p.gamma2, r1, r0);
      const std::int32_t diff = r1 ^ ws.hi[i].c[n];
      const std::int32_t bit = static_cast<std::int32_t>(static_cast<std::uint32_t>(diff | -diff) >> 31);
      ws.h[i].c[n] = bit;
      hint_count += bit;
    }
  }
  reject |= static_cast<std::uint32_t>(p.omega - hint_count) >> 31;
  return reject & 1u;
}

}  // namespace

void DataDeleter::operator()(PrivateData* d) const noexcept {
  secure_wipe(d, sizeof *d);
  delete d;
}
void DataDeleter::operator()(PublicData* d) const noexcept { delete d; }

Status sign_from_mu(const PrivateData& d, const std::uint8_t mu[kCrhBytes], const std::uint8_t rnd[kSeedBytes],
                    std::uint8_t* sig) {
  const ParamSet& p = *d.p;
  auto ws = make_wiped_uninit<SignWork>();
  Shake256 h;
  h.absorb(ByteView(d.parts.key, kSeedBytes));
  h.absorb(ByteView(rnd, kSeedBytes));
  h.absorb(ByteView(mu, kCrhBytes));
  h.squeeze(ws->rho2);
  // kappa stays below 2^16 (it is encoded in two bytes): > 9000 iterations,
  // far above the 814 FIPS 204 appendix C asks an implementation to allow.
  const auto l = static_cast<std::uint32_t>(p.l);
  for (std::uint32_t kappa = 0; kappa + l <= 0xFFFF; kappa += l) {
    expand_mask(ws->y, p, ws->rho2, static_cast<std::uint16_t>(kappa));
    commit(d, mu, *ws);
    sample_in_ball(ws->c_hat, p, ByteView(ws->c_tilde, static_cast<std::size_t>(p.c_tilde_bytes)));
    ntt(ws->c_hat);
    // FIPS 204 skips c t0 and the hint when the first test already rejects.
    if (respond(d, *ws) != 0) continue;
    if (make_hints(d, *ws) == 0) {
      sig_encode(p, ws->c_tilde, ws->z, ws->h, sig);
      return Status::ok();
    }
  }
  return err(CKR_FUNCTION_FAILED);
}

namespace {

struct VerifyWork {
  std::uint8_t w1_packed[kMaxK * 32 * 6];
  std::uint8_t c_tilde2[kMaxCTildeBytes];
  PolyVecL z;
  PolyVecK h;
  Poly c_hat, w, tmp;
};

}  // namespace

Status verify_from_mu(const PublicData& d, const std::uint8_t mu[kCrhBytes], ByteView sig) {
  const ParamSet& p = *d.p;
  if (sig.size() != p.sig_bytes) return err(CKR_SIGNATURE_LEN_RANGE);
  auto ws = std::make_unique<VerifyWork>();
  const std::uint8_t* c_tilde = nullptr;
  if (!sig_decode(p, sig.data(), c_tilde, ws->z, ws->h)) return err(CKR_SIGNATURE_INVALID);
  std::uint32_t too_big = 0;
  for (int j = 0; j < p.l; ++j) too_big |= poly_norm_exceeds(ws->z[j], p.gamma1 - p.beta);
  if (too_big != 0) return err(CKR_SIGNATURE_INVALID);
  const ByteView c_tilde_view(c_tilde, static_cast<std::size_t>(p.c_tilde_bytes));
  sample_in_ball(ws->c_hat, p, c_tilde_view);
  ntt(ws->c_hat);
  for (int j = 0; j < p.l; ++j) ntt(ws->z[j]);
  const std::size_t w1_len = 32 * static_cast<std::size_t>(p.w1_bits);
  for (int i = 0; i < p.k; ++i) {
    // w'_approx = NTT^-1(A_hat o NTT(z) - NTT(c) o NTT(t1 * 2^d)), then UseHint.
    pointwise_montgomery(ws->w, d.a_hat[i][0], ws->z[0]);
    for (int j = 1; j < p.l; ++j) pointwise_acc_montgomery(ws->w, d.a_hat[i][j], ws->z[j]);
    pointwise_montgomery(ws->tmp, ws->c_hat, d.t1_hat[i]);
    poly_sub(ws->w, ws->tmp);
    poly_reduce32(ws->w);
    invntt_tomont(ws->w);
    poly_caddq(ws->w);
    for (int n = 0; n < kN; ++n) ws->w.c[n] = use_hint(ws->h[i].c[n], ws->w.c[n], p.gamma2);
    std::uint32_t v[kN];
    for (int n = 0; n < kN; ++n) v[n] = static_cast<std::uint32_t>(ws->w.c[n]);
    pack_bits(v, p.w1_bits, ws->w1_packed + static_cast<std::size_t>(i) * w1_len);
  }
  Shake256 h;
  h.absorb(ByteView(mu, kCrhBytes));
  h.absorb(ByteView(ws->w1_packed, static_cast<std::size_t>(p.k) * w1_len));
  h.squeeze(MutableByteView(ws->c_tilde2, c_tilde_view.size()));
  if (!constant_time_equal(c_tilde_view, ByteView(ws->c_tilde2, c_tilde_view.size())))
    return err(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

}  // namespace mldsa

using mldsa::DataDeleter;
using mldsa::PrivateData;
using mldsa::PublicData;

Result<MlDsaExpandedPrivateKey> MlDsaExpandedPrivateKey::create(MlDsaParams params, ByteView sk) {
  const mldsa::ParamSet& p = mldsa::param_set(params);
  if (sk.size() != p.sk_bytes) return err(CKR_ARGUMENTS_BAD);
  std::unique_ptr<PrivateData, DataDeleter> d(new PrivateData());
  d->p = &p;
  struct Work {
    mldsa::PolyVecL s1;
    mldsa::PolyVecK s2, t0;
  };
  auto ws = mldsa::make_wiped<Work>();
  if (!mldsa::sk_decode(p, sk.data(), d->parts, ws->s1, ws->s2, ws->t0)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  mldsa::expand_a(d->a_hat, p, d->parts.rho);
  for (int j = 0; j < p.l; ++j) mldsa::ntt_reduced(d->s1_hat[j], ws->s1[j]);
  for (int i = 0; i < p.k; ++i) mldsa::ntt_reduced(d->s2_hat[i], ws->s2[i]);
  for (int i = 0; i < p.k; ++i) mldsa::ntt_reduced(d->t0_hat[i], ws->t0[i]);
  return MlDsaExpandedPrivateKey(std::move(d));
}

Result<MlDsaExpandedPrivateKey> MlDsaExpandedPrivateKey::from_seed(MlDsaParams params, ByteView xi, Bytes* pk_out,
                                                                   SecureBytes* sk_out) {
  const mldsa::ParamSet& p = mldsa::param_set(params);
  if (xi.size() != kMlDsaSeedSize) return err(CKR_ARGUMENTS_BAD);
  std::unique_ptr<PrivateData, DataDeleter> d(new PrivateData());
  if (pk_out != nullptr) pk_out->assign(p.pk_bytes, 0);
  if (sk_out != nullptr) sk_out->assign(p.sk_bytes, 0);
  mldsa::generate(p, xi.data(), *d, pk_out != nullptr ? pk_out->data() : nullptr,
                  sk_out != nullptr ? sk_out->data() : nullptr);
  return MlDsaExpandedPrivateKey(std::move(d));
}

MlDsaParams MlDsaExpandedPrivateKey::params() const { return d_->p->id; }
ByteView MlDsaExpandedPrivateKey::tr() const { return ByteView(d_->parts.tr, mldsa::kCrhBytes); }

Result<MlDsaExpandedPublicKey> MlDsaExpandedPublicKey::create(MlDsaParams params, ByteView pk) {
  const mldsa::ParamSet& p = mldsa::param_set(params);
  if (pk.size() != p.pk_bytes) return err(CKR_ARGUMENTS_BAD);
  std::unique_ptr<PublicData, DataDeleter> d(new PublicData());
  d->p = &p;
  mldsa::pk_decode(p, pk.data(), d->rho, d->t1_hat);
  mldsa::expand_a(d->a_hat, p, d->rho);
  for (int i = 0; i < p.k; ++i) {
    for (std::int32_t& c : d->t1_hat[i].c) c <<= mldsa::kD;  // t1 * 2^d <= q - 1
    mldsa::ntt(d->t1_hat[i]);
    mldsa::poly_reduce32(d->t1_hat[i]);
  }
  shake256(pk, d->tr);
  return MlDsaExpandedPublicKey(std::move(d));
}

MlDsaParams MlDsaExpandedPublicKey::params() const { return d_->p->id; }
ByteView MlDsaExpandedPublicKey::tr() const { return ByteView(d_->tr, mldsa::kCrhBytes); }

Result<Bytes> public_from_private(const MlDsaExpandedPrivateKey& key) {
  const PrivateData& d = key.data();
  const mldsa::ParamSet& p = *d.p;
  struct Work {
    mldsa::PolyVecK t, t1, t0;
    mldsa::Poly t0_hat;
    std::uint8_t tr[mldsa::kCrhBytes];
  };
  auto ws = mldsa::make_wiped<Work>();
  mldsa::compute_t(d, ws->t);
  mldsa::split_t(p, ws->t, ws->t1, ws->t0);
  std::int32_t diff = 0;  // the key's t0 and tr must be the ones KeyGen would give
  for (int i = 0; i < p.k; ++i) {
    mldsa::ntt_reduced(ws->t0_hat, ws->t0[i]);
    for (int n = 0; n < mldsa::kN; ++n) diff |= ws->t0_hat.c[n] ^ d.t0_hat[i].c[n];
  }
  Bytes pk(p.pk_bytes);
  mldsa::pk_encode(p, d.parts.rho, ws->t1, pk.data());
  shake256(pk, ws->tr);
  const bool tr_ok = constant_time_equal(ByteView(ws->tr, sizeof ws->tr), key.tr());
  if (diff != 0 || !tr_ok) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return pk;
}

}  // namespace craton::pqc
