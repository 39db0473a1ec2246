// ECDSA (P-256/384/521), EdDSA (Ed25519, Ed448) and XECDH (X25519, X448).
// Key generation and ECDSA signing use our own randomness, so their answers
// cannot equal the sample's: the Verifiers below check them instead.
#include "acvp.h"
#include "crypto/ec.h"
#include "crypto/edwards.h"

namespace craton::acvp {

namespace {

using crypto::EcCurve;
using crypto::OkpCurve;

EcCurve ec_curve(const Json& g) {
  const std::string c = str_field(g, "curve");
  if (c == "P-256") return EcCurve::kP256;
  if (c == "P-384") return EcCurve::kP384;
  if (c == "P-521") return EcCurve::kP521;
  throw Unsupported("curve " + c);
}

OkpCurve okp_curve(const Json& g) {
  const std::string c = str_field(g, "curve");
  if (c == "ED-25519") return OkpCurve::kEd25519;
  if (c == "ED-448") return OkpCurve::kEd448;
  if (c == "Curve25519") return OkpCurve::kX25519;
  if (c == "Curve448") return OkpCurve::kX448;
  throw Unsupported("curve " + c);
}

// Left-pads a big-endian integer to `n` bytes; empty when it does not fit.
Bytes fixed(Bytes v, std::size_t n) {
  std::size_t lead = 0;
  while (v.size() - lead > n && v[lead] == 0) ++lead;
  if (v.size() - lead > n) return {};
  Bytes out(n - (v.size() - lead), 0);
  out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(lead), v.end());
  return out;
}

Bytes ec_point(EcCurve c, const Json& src) {
  const std::size_t n = crypto::ec_field_bytes(c);
  const Bytes x = fixed(hex_field(src, "qx"), n), y = fixed(hex_field(src, "qy"), n);
  if (x.empty() || y.empty()) return {};
  Bytes p{0x04};
  p.insert(p.end(), x.begin(), x.end());
  p.insert(p.end(), y.begin(), y.end());
  return p;
}

void put_point(EcCurve c, ByteView point, Json& out) {
  const std::size_t n = crypto::ec_field_bytes(c);
  out["qx"] = to_hex(point.subspan(1, n));
  out["qy"] = to_hex(point.subspan(1 + n, n));
}

// The value ECDSA signs: H(M), or M itself in a component test.
Bytes ecdsa_digest(const Json& g, const Json& t) {
  const Bytes msg = hex_field(t, "message");
  if (g.value("componentTest", false)) return msg;
  return need(crypto::hash(hash_from_name(str_field(g, "hashAlg")), msg), "hash");
}

void no_randomized_hashing(const Json& g) {
  if (g.contains("conformance")) throw Unsupported("conformance " + g.at("conformance").dump() + " (SP 800-106)");
}

GroupHandler ecdsa_keygen() {
  return [](const Json& g, Json& out) {
    const EcCurve c = ec_curve(g);
    for_each_test(g, out, [&](const Json&, Json& a) {
      const auto kp = need(crypto::ec_generate(c), "EC keyGen");
      a["d"] = to_hex(kp.scalar);
      put_point(c, kp.point, a);
    });
  };
}

GroupHandler ecdsa_keyver() {
  return [](const Json& g, Json& out) {
    const EcCurve c = ec_curve(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes p = ec_point(c, t);
      a["testPassed"] = !p.empty() && crypto::ec_public_key(c, p).is_ok();
    });
  };
}

GroupHandler ecdsa_siggen() {
  return [](const Json& g, Json& out) {
    const EcCurve c = ec_curve(g);
    no_randomized_hashing(g);
    // One key per group, as an IUT answering ACVP does.
    const auto kp = need(crypto::ec_generate(c), "EC keyGen");
    const auto key = need(crypto::ec_private_key(c, kp.scalar), "EC key");
    put_point(c, kp.point, out);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      Bytes sig(crypto::ecdsa_signature_bytes(c));
      need(crypto::ecdsa_sign(*key, ecdsa_digest(g, t), sig), "ECDSA sign");
      const std::size_t n = crypto::ec_field_bytes(c);
      a["r"] = to_hex(ByteView(sig).first(n));
      a["s"] = to_hex(ByteView(sig).subspan(n));
    });
  };
}

GroupHandler ecdsa_sigver() {
  return [](const Json& g, Json& out) {
    const EcCurve c = ec_curve(g);
    no_randomized_hashing(g);
    const std::size_t n = crypto::ec_field_bytes(c);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes p = ec_point(c, t);
      auto key = p.empty() ? Result<crypto::EcKeyRef>(err(CKR_ATTRIBUTE_VALUE_INVALID)) : crypto::ec_public_key(c, p);
      Bytes sig = fixed(hex_field(t, "r"), n);
      const Bytes s = fixed(hex_field(t, "s"), n);
      bool ok = key.is_ok() && !sig.empty() && !s.empty();
      if (ok) {
        sig.insert(sig.end(), s.begin(), s.end());
        ok = crypto::ecdsa_verify(**key, ecdsa_digest(g, t), sig).is_ok();
      }
      a["testPassed"] = ok;
    });
  };
}

// ---- EdDSA ----------------------------------------------------------------

// ACVP's Ed25519 without pre-hash and with a context is Ed25519ctx; Ed448
// always takes its (possibly empty) context.
crypto::EddsaParams eddsa_params(OkpCurve c, const Json& g, const Bytes& context) {
  crypto::EddsaParams p;
  p.context = context;
  if (g.value("preHash", false)) p.mode = crypto::EddsaMode::kPrehash;
  else if (c == OkpCurve::kEd25519 && !context.empty()) p.mode = crypto::EddsaMode::kContext;
  return p;
}

OkpCurve edwards_curve(const Json& g) {
  const OkpCurve c = okp_curve(g);
  if (!crypto::okp_is_edwards(c)) throw Unsupported("curve " + str_field(g, "curve"));
  return c;
}

GroupHandler okp_keygen(bool edwards) {
  return [edwards](const Json& g, Json& out) {
    const OkpCurve c = edwards ? edwards_curve(g) : okp_curve(g);
    if (!edwards && crypto::okp_is_edwards(c)) throw Unsupported("curve " + str_field(g, "curve"));
    for_each_test(g, out, [&](const Json&, Json& a) {
      const auto kp = need(crypto::okp_generate(c), "keyGen");
      a[edwards ? "d" : "privateKey"] = to_hex(kp.private_key);
      a[edwards ? "q" : "publicKey"] = to_hex(kp.public_key);
    });
  };
}

GroupHandler okp_keyver(bool edwards) {
  return [edwards](const Json& g, Json& out) {
    const OkpCurve c = edwards ? edwards_curve(g) : okp_curve(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      a["testPassed"] = crypto::okp_public_key(c, hex_field(t, edwards ? "q" : "publicKey")).is_ok();
    });
  };
}

// The group's key: the server's `d` when the prompt is an internalProjection
// (so the deterministic signatures compare exactly), else a fresh key.
GroupHandler eddsa_siggen() {
  return [](const Json& g, Json& out) {
    const OkpCurve c = edwards_curve(g);
    crypto::OkpKeyRef key;
    if (g.contains("d")) {
      key = need(crypto::okp_private_key(c, hex_field(g, "d")), "EdDSA key");
    } else {
      const auto kp = need(crypto::okp_generate(c), "EdDSA keyGen");
      key = need(crypto::okp_private_key(c, kp.private_key), "EdDSA key");
    }
    out["q"] = to_hex(key->public_key);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes ctx = hex_opt(t, "context");
      Bytes sig(crypto::eddsa_signature_bytes(c));
      need(crypto::eddsa_sign(*key, eddsa_params(c, g, ctx), hex_field(t, "message"), sig), "EdDSA sign");
      a["signature"] = to_hex(sig);
    });
  };
}

GroupHandler eddsa_sigver() {
  return [](const Json& g, Json& out) {
    const OkpCurve c = edwards_curve(g);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      auto key = crypto::okp_public_key(c, hex_field(t, "q"));
      const Bytes ctx = hex_opt(t, "context");
      a["testPassed"] = key.is_ok() && crypto::eddsa_verify(**key, eddsa_params(c, g, ctx), hex_field(t, "message"),
                                                            hex_field(t, "signature"))
                                           .is_ok();
    });
  };
}

// XECDH shared secret: our key per test (the projection's privateIut when
// given, for an exact answer), z = X25519/X448(ours, server's).
GroupHandler xecdh_ssc() {
  return [](const Json& g, Json& out) {
    const OkpCurve c = okp_curve(g);
    if (crypto::okp_is_edwards(c)) throw Unsupported("curve " + str_field(g, "curve"));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      Bytes priv = hex_opt(t, "privateIut");
      if (priv.empty()) {
        const auto kp = need(crypto::okp_generate(c), "keyGen");
        priv.assign(kp.private_key.begin(), kp.private_key.end());
      }
      const auto key = need(crypto::okp_private_key(c, priv), "XDH key");
      a["publicIut"] = to_hex(key->public_key);
      a["z"] = to_hex(need(crypto::xdh_derive(*key, hex_field(t, "publicServer")), "XDH"));
    });
  };
}

// ---- verifiers ------------------------------------------------------------

std::string ecdsa_keygen_check(const Json& pg, const Json&, const Json&, const Json& rt, const Json&, const Json&) {
  const EcCurve c = ec_curve(pg);
  auto key = crypto::ec_private_key(c, hex_field(rt, "d"));
  if (!key) return "d is not a valid private key";
  auto point = crypto::ec_public_point(**key);
  return point.is_ok() && *point == ec_point(c, rt) ? "" : "Q != d*G";
}

std::string ecdsa_siggen_check(const Json& pg, const Json& pt, const Json& rg, const Json& rt, const Json&,
                               const Json&) {
  const EcCurve c = ec_curve(pg);
  const Bytes p = ec_point(c, rg);
  auto key = p.empty() ? Result<crypto::EcKeyRef>(err(CKR_ATTRIBUTE_VALUE_INVALID)) : crypto::ec_public_key(c, p);
  if (!key) return "the group's public key is invalid";
  const std::size_t n = crypto::ec_field_bytes(c);
  Bytes sig = fixed(hex_field(rt, "r"), n);
  const Bytes s = fixed(hex_field(rt, "s"), n);
  if (sig.empty() || s.empty()) return "r or s too long";
  sig.insert(sig.end(), s.begin(), s.end());
  return crypto::ecdsa_verify(**key, ecdsa_digest(pg, pt), sig).is_ok() ? "" : "signature does not verify";
}

std::string okp_keygen_check(const Json& pg, const Json& rt, const char* d, const char* q) {
  auto key = crypto::okp_private_key(okp_curve(pg), hex_field(rt, d));
  if (!key) return "invalid private key";
  return (*key)->public_key == hex_field(rt, q) ? "" : "public key does not match the private key";
}

std::string eddsa_siggen_check(const Json& pg, const Json& pt, const Json& rg, const Json& rt, const Json& eg,
                               const Json& et) {
  const OkpCurve c = okp_curve(pg);
  const Bytes q = hex_field(rg, "q"), sig = hex_field(rt, "signature");
  // EdDSA is deterministic: with the sample's key the signature must match.
  if (eg.contains("q") && q == hex_field(eg, "q") && sig != hex_field(et, "signature"))
    return "signature differs from the expected one under the same key";
  auto key = crypto::okp_public_key(c, q);
  if (!key) return "the group's public key is invalid";
  const Bytes ctx = hex_opt(pt, "context");
  return crypto::eddsa_verify(**key, eddsa_params(c, pg, ctx), hex_field(pt, "message"), sig).is_ok()
             ? ""
             : "signature does not verify";
}

std::string xecdh_ssc_check(const Json& pg, const Json& pt, const Json&, const Json& rt, const Json&,
                            const Json& et) {
  const Bytes pub = hex_field(rt, "publicIut"), z = hex_field(rt, "z");
  if (pub == hex_field(et, "publicIut")) return z == hex_field(et, "z") ? "" : "z differs under the same key";
  if (!pt.contains("privateServer")) return "needs the internalProjection (privateServer) as --prompt";
  auto server = crypto::okp_private_key(okp_curve(pg), hex_field(pt, "privateServer"));
  if (!server) return "bad privateServer";
  auto want = crypto::xdh_derive(**server, pub);
  return want.is_ok() && Bytes(want->begin(), want->end()) == z ? "" : "z != X(privateServer, publicIut)";
}

}  // namespace

GroupHandler ecc_handler(const std::string& key) {
  if (key == "ECDSA-keyGen-FIPS186-5") return ecdsa_keygen();
  if (key == "ECDSA-keyVer-FIPS186-5") return ecdsa_keyver();
  if (key == "ECDSA-sigGen-FIPS186-5") return ecdsa_siggen();
  if (key == "ECDSA-sigVer-FIPS186-5") return ecdsa_sigver();
  if (key == "EDDSA-keyGen-1.0") return okp_keygen(true);
  if (key == "EDDSA-keyVer-1.0") return okp_keyver(true);
  if (key == "EDDSA-sigGen-1.0") return eddsa_siggen();
  if (key == "EDDSA-sigVer-1.0") return eddsa_sigver();
  if (key == "XECDH-keyGen-RFC7748") return okp_keygen(false);
  if (key == "XECDH-keyVer-RFC7748") return okp_keyver(false);
  if (key == "XECDH-SSC-RFC7748") return xecdh_ssc();
  return nullptr;
}

std::optional<Verifier> ecc_verifier(const std::string& key) {
  if (key == "ECDSA-keyGen-FIPS186-5") return Verifier{{}, {"d", "qx", "qy"}, ecdsa_keygen_check};
  if (key == "ECDSA-sigGen-FIPS186-5") return Verifier{{"qx", "qy"}, {"r", "s"}, ecdsa_siggen_check};
  if (key == "EDDSA-keyGen-1.0")
    return Verifier{{}, {"d", "q"}, [](const Json& pg, const Json&, const Json&, const Json& rt, const Json&,
                                        const Json&) { return okp_keygen_check(pg, rt, "d", "q"); }};
  if (key == "EDDSA-sigGen-1.0") return Verifier{{"q"}, {"signature"}, eddsa_siggen_check};
  if (key == "XECDH-keyGen-RFC7748")
    return Verifier{{}, {"privateKey", "publicKey"},
                    [](const Json& pg, const Json&, const Json&, const Json& rt, const Json&, const Json&) {
                      return okp_keygen_check(pg, rt, "privateKey", "publicKey");
                    }};
  if (key == "XECDH-SSC-RFC7748") return Verifier{{}, {"publicIut", "z"}, xecdh_ssc_check};
  return std::nullopt;
}

}  // namespace craton::acvp
