// ML-KEM (FIPS 203), ML-DSA (FIPS 204) and SLH-DSA (FIPS 205): the pqc
// layer's own implementations.
#include <map>

#include "acvp.h"
#include "pqc/keccak.h"
#include "pqc/ml_dsa.h"
#include "pqc/ml_kem.h"
#include "pqc/slh_dsa.h"

namespace craton::acvp {

namespace {

using pqc::MlDsaParams;
using pqc::MlKemParams;
using pqc::SlhDsaParams;

template <class T>
T by_name(const std::map<std::string, T>& table, const Json& g) {
  const std::string name = str_field(g, "parameterSet");
  auto it = table.find(name);
  if (it == table.end()) throw Unsupported("parameter set " + name);
  return it->second;
}

MlKemParams kem_params(const Json& g) {
  static const std::map<std::string, MlKemParams> k = {
      {"ML-KEM-512", MlKemParams::k512}, {"ML-KEM-768", MlKemParams::k768}, {"ML-KEM-1024", MlKemParams::k1024}};
  return by_name(k, g);
}

MlDsaParams dsa_params(const Json& g) {
  static const std::map<std::string, MlDsaParams> k = {
      {"ML-DSA-44", MlDsaParams::k44}, {"ML-DSA-65", MlDsaParams::k65}, {"ML-DSA-87", MlDsaParams::k87}};
  return by_name(k, g);
}

SlhDsaParams slh_params(const Json& g) {
  using P = SlhDsaParams;
  static const std::map<std::string, P> k = {
      {"SLH-DSA-SHA2-128s", P::kSha2_128s},   {"SLH-DSA-SHA2-128f", P::kSha2_128f},
      {"SLH-DSA-SHA2-192s", P::kSha2_192s},   {"SLH-DSA-SHA2-192f", P::kSha2_192f},
      {"SLH-DSA-SHA2-256s", P::kSha2_256s},   {"SLH-DSA-SHA2-256f", P::kSha2_256f},
      {"SLH-DSA-SHAKE-128s", P::kShake_128s}, {"SLH-DSA-SHAKE-128f", P::kShake_128f},
      {"SLH-DSA-SHAKE-192s", P::kShake_192s}, {"SLH-DSA-SHAKE-192f", P::kShake_192f},
      {"SLH-DSA-SHAKE-256s", P::kShake_256s}, {"SLH-DSA-SHAKE-256f", P::kShake_256f}};
  return by_name(k, g);
}

void require_aft_or_val(const Json& g) {
  const std::string type = str_field(g, "testType");
  if (type != "AFT" && type != "VAL") throw Unsupported("test type " + type);
}

// ---- ML-KEM ---------------------------------------------------------------

GroupHandler ml_kem_keygen() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const MlKemParams p = kem_params(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const auto kp = need(pqc::ml_kem_keygen_internal(p, hex_field(t, "d"), hex_field(t, "z")), "ML-KEM keyGen");
      a["ek"] = to_hex(kp.ek);
      a["dk"] = to_hex(kp.dk);
    });
  };
}

GroupHandler ml_kem_encap_decap() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const MlKemParams p = kem_params(g);
    const std::string fn = str_field(g, "function");
    const std::string format = g.value("keyFormat", "none");
    if (fn == "encapsulation") {
      for_each_test(g, out, [&](const Json& t, Json& a) {
        const auto e = need(pqc::ml_kem_encaps(p, hex_field(t, "ek"), hex_field(t, "m")), "ML-KEM encaps");
        a["c"] = to_hex(e.ciphertext);
        a["k"] = to_hex(e.shared_secret);
      });
    } else if (fn == "decapsulation") {
      if (format != "seed" && format != "expanded" && format != "none") throw Unsupported("keyFormat " + format);
      for_each_test(g, out, [&](const Json& t, Json& a) {
        SecureBytes dk;
        if (format == "seed") {
          dk = need(pqc::ml_kem_keygen_internal(p, hex_field(t, "d"), hex_field(t, "z")), "ML-KEM keyGen").dk;
        } else {
          dk.assign_view(hex_field(t, "dk"));
        }
        a["k"] = to_hex(need(pqc::ml_kem_decaps(p, dk, hex_field(t, "c")), "ML-KEM decaps"));
      });
    } else if (fn == "encapsulationKeyCheck") {
      for_each_test(g, out, [&](const Json& t, Json& a) {
        a["testPassed"] = pqc::ml_kem_check_encapsulation_key(p, hex_field(t, "ek")).is_ok();
      });
    } else if (fn == "decapsulationKeyCheck") {
      for_each_test(g, out, [&](const Json& t, Json& a) {
        a["testPassed"] = pqc::ml_kem_check_decapsulation_key(p, hex_field(t, "dk")).is_ok();
      });
    } else {
      throw Unsupported("function " + fn);
    }
  };
}

// ---- ML-DSA ---------------------------------------------------------------

enum class Iface { kPure, kPreHash, kInternal, kMu };

Iface interface_of(const Json& g) {
  const std::string si = g.value("signatureInterface", "internal");
  if (si == "external") return g.value("preHash", "pure") == "preHash" ? Iface::kPreHash : Iface::kPure;
  if (si != "internal") throw Unsupported("signatureInterface " + si);
  return g.value("externalMu", false) ? Iface::kMu : Iface::kInternal;
}

static_assert(static_cast<int>(pqc::MlDsaPreHash::kSha3_224) == 6 && static_cast<int>(pqc::MlDsaPreHash::kShake256) == 11);
static_assert(static_cast<int>(pqc::SlhPreHash::kSha3_224) == 6 && static_cast<int>(pqc::SlhPreHash::kShake256) == 11);

template <class Alg>
struct PreHashed {
  Alg alg;
  Bytes digest;
};

// PH(M): SHA-2 and SHA-3 from the crypto layer, SHAKE from pqc/keccak.h.
template <class Alg>
PreHashed<Alg> prehash(const std::string& name, ByteView msg) {
  static const std::map<std::string, int> kIndex = {
      {"SHA2-224", 0}, {"SHA2-256", 1}, {"SHA2-384", 2}, {"SHA2-512", 3}, {"SHA2-512/224", 4}, {"SHA2-512/256", 5},
      {"SHA3-224", 6}, {"SHA3-256", 7}, {"SHA3-384", 8}, {"SHA3-512", 9}, {"SHAKE-128", 10}, {"SHAKE-256", 11}};
  auto it = kIndex.find(name);
  if (it == kIndex.end()) throw Unsupported("hashAlg " + name);
  // Both pre-hash enums list the twelve functions in this order.
  const Alg alg = static_cast<Alg>(it->second);
  if (name == "SHAKE-128" || name == "SHAKE-256") {
    Bytes d(name == "SHAKE-128" ? 32 : 64);
    if (name == "SHAKE-128") pqc::shake128(msg, d);
    else pqc::shake256(msg, d);
    return {alg, d};
  }
  return {alg, need(crypto::hash(hash_from_name(name), msg), "pre-hash")};
}

GroupHandler ml_dsa_keygen() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const MlDsaParams p = dsa_params(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const auto kp = need(pqc::keygen_internal(p, hex_field(t, "seed")), "ML-DSA keyGen");
      a["pk"] = to_hex(kp.public_key);
      a["sk"] = to_hex(kp.private_key);
    });
  };
}

Bytes ml_dsa_sign_case(MlDsaParams p, Iface iface, const Json& t, ByteView rnd) {
  const Bytes sk = hex_field(t, "sk");
  switch (iface) {
    case Iface::kPure:
      return need(pqc::sign(p, sk, hex_field(t, "message"), hex_opt(t, "context"), rnd), "ML-DSA sign");
    case Iface::kPreHash: {
      const auto ph = prehash<pqc::MlDsaPreHash>(str_field(t, "hashAlg"), hex_field(t, "message"));
      return need(pqc::sign_prehash(p, sk, ph.digest, ph.alg, hex_opt(t, "context"), rnd), "HashML-DSA sign");
    }
    case Iface::kInternal:
      return need(pqc::sign_internal(p, sk, hex_field(t, "message"), rnd), "ML-DSA sign_internal");
    case Iface::kMu: {
      const auto key = need(pqc::MlDsaExpandedPrivateKey::create(p, sk), "ML-DSA key");
      Bytes sig(pqc::ml_dsa_signature_size(p));
      need(pqc::sign_mu(key, hex_field(t, "mu"), rnd, sig), "ML-DSA sign_mu");
      return sig;
    }
  }
  throw CaseError("unknown interface");
}

Status ml_dsa_verify_case(MlDsaParams p, Iface iface, const Json& t) {
  const Bytes pk = hex_field(t, "pk"), sig = hex_field(t, "signature");
  switch (iface) {
    case Iface::kPure:
      return pqc::verify(p, pk, hex_field(t, "message"), hex_opt(t, "context"), sig);
    case Iface::kPreHash: {
      const auto ph = prehash<pqc::MlDsaPreHash>(str_field(t, "hashAlg"), hex_field(t, "message"));
      return pqc::verify_prehash(p, pk, ph.digest, ph.alg, hex_opt(t, "context"), sig);
    }
    case Iface::kInternal:
      return pqc::verify_internal(p, pk, hex_field(t, "message"), sig);
    case Iface::kMu: {
      auto key = pqc::MlDsaExpandedPublicKey::create(p, pk);
      if (!key) return key.status();
      return pqc::verify_mu(*key, hex_field(t, "mu"), sig);
    }
  }
  return err(CKR_GENERAL_ERROR);
}

GroupHandler ml_dsa_siggen() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const MlDsaParams p = dsa_params(g);
    const Iface iface = interface_of(g);
    const bool deterministic = g.at("deterministic").get<bool>();
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes rnd = deterministic ? Bytes(32, 0) : hex_field(t, "rnd");
      a["signature"] = to_hex(ml_dsa_sign_case(p, iface, t, rnd));
    });
  };
}

// A rejection is a "false" answer; only argument errors are our failures.
bool verdict(const Status& st) {
  if (st.is_ok()) return true;
  if (st.rv() == CKR_SIGNATURE_INVALID || st.rv() == CKR_SIGNATURE_LEN_RANGE) return false;
  need(st, "verify");
  return false;
}

GroupHandler ml_dsa_sigver() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const MlDsaParams p = dsa_params(g);
    const Iface iface = interface_of(g);
    for_each_test(g, out, [&](const Json& t, Json& a) { a["testPassed"] = verdict(ml_dsa_verify_case(p, iface, t)); });
  };
}

// ---- SLH-DSA --------------------------------------------------------------

GroupHandler slh_keygen() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const SlhDsaParams p = slh_params(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const auto kp = need(pqc::slh_keygen_internal(p, hex_field(t, "skSeed"), hex_field(t, "skPrf"),
                                                    hex_field(t, "pkSeed")),
                           "SLH-DSA keyGen");
      a["pk"] = to_hex(kp.pk);
      a["sk"] = to_hex(kp.sk);
    });
  };
}

// Releases before v1.1.0.38 test only the internal interface (no
// signatureInterface field); later ones add external pure / pre-hash.
GroupHandler slh_siggen() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const SlhDsaParams p = slh_params(g);
    const Iface iface = interface_of(g);
    if (iface == Iface::kMu) throw Unsupported("externalMu");
    const bool deterministic = g.at("deterministic").get<bool>();
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes sk = hex_field(t, "sk"), msg = hex_field(t, "message");
      const Bytes addrnd = deterministic ? Bytes{} : hex_field(t, "additionalRandomness");
      Bytes sig;
      if (iface == Iface::kInternal) {
        sig = need(pqc::slh_sign_internal(p, sk, msg, addrnd), "SLH-DSA sign_internal");
      } else if (iface == Iface::kPure) {
        sig = need(pqc::slh_sign(p, sk, msg, hex_opt(t, "context"), addrnd), "SLH-DSA sign");
      } else {
        const auto ph = prehash<pqc::SlhPreHash>(str_field(t, "hashAlg"), msg);
        sig = need(pqc::slh_sign_prehash(p, sk, ph.digest, ph.alg, hex_opt(t, "context"), addrnd),
                   "HashSLH-DSA sign");
      }
      a["signature"] = to_hex(sig);
    });
  };
}

GroupHandler slh_sigver() {
  return [](const Json& g, Json& out) {
    require_aft_or_val(g);
    const SlhDsaParams p = slh_params(g);
    const Iface iface = interface_of(g);
    if (iface == Iface::kMu) throw Unsupported("externalMu");
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes pk = hex_field(t, "pk"), msg = hex_field(t, "message"), sig = hex_field(t, "signature");
      Status st;
      if (iface == Iface::kInternal) {
        st = pqc::slh_verify_internal(p, pk, msg, sig);
      } else if (iface == Iface::kPure) {
        st = pqc::slh_verify(p, pk, msg, hex_opt(t, "context"), sig);
      } else {
        const auto ph = prehash<pqc::SlhPreHash>(str_field(t, "hashAlg"), msg);
        st = pqc::slh_verify_prehash(p, pk, ph.digest, ph.alg, hex_opt(t, "context"), sig);
      }
      a["testPassed"] = verdict(st);
    });
  };
}

}  // namespace

GroupHandler pqc_handler(const std::string& key) {
  if (key == "ML-KEM-keyGen-FIPS203") return ml_kem_keygen();
  if (key == "ML-KEM-encapDecap-FIPS203") return ml_kem_encap_decap();
  if (key == "ML-DSA-keyGen-FIPS204") return ml_dsa_keygen();
  if (key == "ML-DSA-sigGen-FIPS204") return ml_dsa_siggen();
  if (key == "ML-DSA-sigVer-FIPS204") return ml_dsa_sigver();
  if (key == "SLH-DSA-keyGen-FIPS205") return slh_keygen();
  if (key == "SLH-DSA-sigGen-FIPS205") return slh_siggen();
  if (key == "SLH-DSA-sigVer-FIPS205") return slh_sigver();
  return nullptr;
}

}  // namespace craton::acvp
