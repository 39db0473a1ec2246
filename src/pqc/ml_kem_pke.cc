#include "pqc/ml_kem_pke.h"

#include <cstring>

#include "pqc/keccak.h"

namespace craton::pqc::mlkem {
namespace {

std::size_t k_of(const MlKemParamSet& ps) { return static_cast<std::size_t>(ps.k); }

// Wipes a block of secret polynomials when the scope ends, however it ends.
template <class T>
class WipeOnExit {
 public:
  explicit WipeOnExit(T& v) : v_(v) {}
  ~WipeOnExit() { secure_wipe(&v_, sizeof(T)); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  T& v_;
};

// A_hat[i, j] = SampleNTT(rho || j || i)  (Algorithm 13 line 5).
void expand_matrix(const MlKemParamSet& ps, const std::uint8_t rho[32], std::array<Poly, kMaxK * kMaxK>& a_hat) {
  std::uint8_t seed[34];
  std::memcpy(seed, rho, 32);
  const std::size_t k = k_of(ps);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      seed[32] = static_cast<std::uint8_t>(j);
      seed[33] = static_cast<std::uint8_t>(i);
      sample_ntt(a_hat[i * k + j], seed);
    }
  }
}

// Samples `count` polynomials with CBD_eta from PRF(sigma, N), N counting up.
void sample_vec(Poly* out, std::size_t count, const std::uint8_t sigma[32], std::uint8_t& nonce, int eta) {
  for (std::size_t i = 0; i < count; ++i) sample_cbd(out[i], sigma, nonce++, eta);
}

void zero(Poly& p) { std::memset(&p, 0, sizeof p); }

}  // namespace

PrivateState::~PrivateState() {
  secure_wipe(&s_hat, sizeof s_hat);
  secure_wipe(z, sizeof z);
}

bool load_public(PublicState& st, const MlKemParamSet& ps, ByteView ek) {
  st.ps = ps;
  const std::size_t k = k_of(ps);
  bool reduced = true;
  for (std::size_t i = 0; i < k; ++i) reduced &= byte_decode12(ek.data() + 384 * i, st.t_hat[i]);
  expand_matrix(ps, ek.data() + 384 * k, st.a_hat);
  sha3_256(ek, st.h);
  st.ek.assign(ek.begin(), ek.end());
  return reduced;
}

bool load_private(PrivateState& st, const MlKemParamSet& ps, ByteView dk) {
  const std::size_t k = k_of(ps);
  const ByteView ek = dk.subspan(384 * k, 384 * k + 32);
  // FIPS 203 does not modulus-check the embedded ek; ByteDecode12 reduces mod q.
  (void)load_public(st.pub, ps, ek);
  // s_hat is secret: decode it branch-free and ignore the (secret) range flag.
  for (std::size_t i = 0; i < k; ++i) (void)byte_decode12(dk.data() + 384 * i, st.s_hat[i]);
  std::memcpy(st.h, dk.data() + 768 * k + 32, 32);
  std::memcpy(st.z, dk.data() + 768 * k + 64, 32);
  return constant_time_equal({st.h, 32}, {st.pub.h, 32});
}

void pke_keygen(const MlKemParamSet& ps, const std::uint8_t d[32], std::uint8_t* ek, std::uint8_t* dk_pke) {
  const std::size_t k = k_of(ps);
  std::uint8_t g_in[33], rho_sigma[64];  // (rho, sigma) = G(d || k)
  std::memcpy(g_in, d, 32);
  g_in[32] = static_cast<std::uint8_t>(k);
  sha3_512(g_in, rho_sigma);
  const std::uint8_t* rho = rho_sigma;
  const std::uint8_t* sigma = rho_sigma + 32;

  std::array<Poly, kMaxK * kMaxK> a_hat;
  expand_matrix(ps, rho, a_hat);

  struct Secrets {
    PolyVec s, e;
    Poly t;
  } sec;
  WipeOnExit<Secrets> wipe_sec(sec);
  std::uint8_t nonce = 0;
  sample_vec(sec.s.data(), k, sigma, nonce, ps.eta1);
  sample_vec(sec.e.data(), k, sigma, nonce, ps.eta1);
  for (std::size_t i = 0; i < k; ++i) {
    ntt(sec.s[i]);
    ntt(sec.e[i]);
  }
  for (std::size_t i = 0; i < k; ++i) {  // t_hat = A_hat o s_hat + e_hat
    zero(sec.t);
    for (std::size_t j = 0; j < k; ++j) basemul_acc(sec.t, a_hat[i * k + j], sec.s[j]);
    poly_from_product(sec.t);
    poly_add(sec.t, sec.e[i]);
    byte_encode12(sec.t, ek + 384 * i);
    byte_encode12(sec.s[i], dk_pke + 384 * i);
  }
  std::memcpy(ek + 384 * k, rho, 32);
  secure_wipe(g_in, sizeof g_in);
  secure_wipe(rho_sigma, sizeof rho_sigma);
}

void pke_encrypt(const PublicState& pub, const std::uint8_t m[32], const std::uint8_t r[32], std::uint8_t* c) {
  const MlKemParamSet& ps = pub.ps;
  const std::size_t k = k_of(ps);
  struct Secrets {
    PolyVec y, e1;
    Poly e2, acc, mu;
  } sec;
  WipeOnExit<Secrets> wipe_sec(sec);
  // y, e1 and e2 with nonces 0 .. 2k, sampled in batches.
  Poly* polys[2 * kMaxK + 1];
  int etas[2 * kMaxK + 1];
  for (std::size_t i = 0; i < k; ++i) {
    polys[i] = &sec.y[i], etas[i] = ps.eta1;
    polys[k + i] = &sec.e1[i], etas[k + i] = ps.eta2;
  }
  polys[2 * k] = &sec.e2, etas[2 * k] = ps.eta2;
  sample_cbd_batch(polys, etas, 2 * k + 1, r, 0);
  for (std::size_t i = 0; i < k; ++i) ntt(sec.y[i]);

  for (std::size_t i = 0; i < k; ++i) {  // u = NTT^-1(A_hat^T o y_hat) + e1
    zero(sec.acc);
    for (std::size_t j = 0; j < k; ++j) basemul_acc(sec.acc, pub.a_hat[j * k + i], sec.y[j]);
    inv_ntt(sec.acc);
    poly_add(sec.acc, sec.e1[i]);
    compress_encode(sec.acc, ps.du, c + 32 * static_cast<std::size_t>(ps.du) * i);
  }
  zero(sec.acc);  // v = NTT^-1(t_hat^T o y_hat) + e2 + mu
  for (std::size_t j = 0; j < k; ++j) basemul_acc(sec.acc, pub.t_hat[j], sec.y[j]);
  inv_ntt(sec.acc);
  poly_add(sec.acc, sec.e2);
  decode_decompress(m, 1, sec.mu);
  poly_add(sec.acc, sec.mu);
  compress_encode(sec.acc, ps.dv, c + 32 * static_cast<std::size_t>(ps.du) * k);
}

void pke_decrypt(const MlKemParamSet& ps, const PolyVec& s_hat, const std::uint8_t* c, std::uint8_t m[32]) {
  const std::size_t k = k_of(ps);
  struct Secrets {
    Poly u, v, w;
  } sec;
  WipeOnExit<Secrets> wipe_sec(sec);
  zero(sec.w);  // w = v' - NTT^-1(s_hat^T o NTT(u'))
  for (std::size_t i = 0; i < k; ++i) {
    decode_decompress(c + 32 * static_cast<std::size_t>(ps.du) * i, ps.du, sec.u);
    ntt(sec.u);
    basemul_acc(sec.w, s_hat[i], sec.u);
  }
  inv_ntt(sec.w);
  decode_decompress(c + 32 * static_cast<std::size_t>(ps.du) * k, ps.dv, sec.v);
  poly_sub(sec.v, sec.w);
  compress_encode(sec.v, 1, m);
}

}  // namespace craton::pqc::mlkem
