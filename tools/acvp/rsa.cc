// RSA: FIPS 186-5 sigVer / sigGen (PKCS#1 v1.5 and PSS with MGF1), the
// RSASP1 signature primitive and the SP 800-56B RSADP decryption primitive.
#include <map>
#include <mutex>

#include "acvp.h"
#include "crypto/rsa.h"
#include "crypto/rsa_exponent.h"

namespace craton::acvp {

namespace {

using crypto::RsaPad;
using crypto::RsaParams;

Bytes strip(ByteView v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  return Bytes(v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
}

// Big-endian unsigned comparison: -1, 0, 1.
int compare(ByteView a, ByteView b) {
  const Bytes x = strip(a), y = strip(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

Bytes left_pad(ByteView v, std::size_t k) {
  const Bytes s = strip(v);
  if (s.size() > k) return {};
  Bytes out(k - s.size(), 0);
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// sigType / hashAlg / maskFunction / saltLen of a FIPS 186-5 group.
RsaParams sig_params(const Json& g) {
  RsaParams p;
  const std::string type = str_field(g, "sigType");
  p.hash = hash_from_name(str_field(g, "hashAlg"));
  if (type == "pkcs1v1.5") {
    p.pad = RsaPad::kPkcs1;
  } else if (type == "pss") {
    const std::string mask = g.value("maskFunction", "mgf1");
    if (mask != "mgf1") throw Unsupported("maskFunction " + mask);
    p.pad = RsaPad::kPss;
    p.mgf1 = *p.hash;
    p.salt_len = int_field(g, "saltLen");
  } else {
    throw Unsupported("sigType " + type);
  }
  return p;
}

bool verify_sig(const crypto::PkeyRef& key, const RsaParams& p, ByteView msg, ByteView sig) {
  auto v = crypto::RsaDigestSigner::create(key, p, false);
  if (!v) return false;
  return v->update(msg).is_ok() && v->verify_final(sig).is_ok();
}

GroupHandler sigver() {
  return [](const Json& g, Json& out) {
    const RsaParams p = sig_params(g);
    auto key = crypto::rsa_public_key(hex_field(g, "n"), hex_field(g, "e"));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      a["testPassed"] = key.is_ok() && verify_sig(*key, p, hex_field(t, "message"), hex_field(t, "signature"));
    });
  };
}

struct GeneratedKey {
  crypto::PkeyRef key;
  Bytes n, e;
};

// One generated key per modulus size, reused by every group of that size.
const GeneratedKey& key_for(int bits) {
  static std::mutex mu;
  static std::map<int, GeneratedKey> keys;
  std::lock_guard lock(mu);
  auto it = keys.find(bits);
  if (it != keys.end()) return it->second;
  const Bytes e = {0x01, 0x00, 0x01};
  const auto m = need(crypto::rsa_generate(static_cast<std::size_t>(bits), e), "RSA keyGen");
  const auto key = need(crypto::rsa_private_key({m.n, m.e, m.d, m.p, m.q, m.dp, m.dq, m.qinv}), "RSA key");
  return keys.emplace(bits, GeneratedKey{key, m.n, m.e}).first->second;
}

GroupHandler siggen() {
  return [](const Json& g, Json& out) {
    if (g.contains("conformance")) throw Unsupported("conformance " + g.at("conformance").dump() + " (SP 800-106)");
    const RsaParams p = sig_params(g);
    const GeneratedKey* gk = nullptr;
    try {
      gk = &key_for(int_field(g, "modulo"));
    } catch (const CaseError& e) {
      throw Unsupported(std::string("key generation: ") + e.what());
    }
    out["n"] = to_hex(gk->n);
    out["e"] = to_hex(gk->e);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      auto s = need(crypto::RsaDigestSigner::create(gk->key, p, true), "RSA signer");
      need(s.update(hex_field(t, "message")), "RSA sign update");
      Bytes sig(crypto::rsa_bytes(*gk->key));
      sig.resize(need(s.sign_final(sig), "RSA sign"));
      a["signature"] = to_hex(sig);
    });
  };
}

crypto::PkeyRef primitive_key(const Json& g, const Json& t) {
  const std::string mode = g.value("keyMode", "standard");
  const Bytes n = hex_field(t, "n"), e = hex_field(t, "e");
  if (mode == "standard") {
    const Bytes d = hex_field(t, "d");
    crypto::RsaComponents c{};
    c.n = n;
    c.e = e;
    c.d = d;
    return need(crypto::rsa_private_key(c), "RSA key");
  }
  if (mode != "crt") throw Unsupported("keyMode " + mode);
  const Bytes p = hex_field(t, "p"), q = hex_field(t, "q");
  const auto d = need(crypto::rsa_private_exponent(e, p, q), "RSA private exponent");
  return need(crypto::rsa_private_key({n, e, d, p, q, hex_field(t, "dmp1"), hex_field(t, "dmq1"), hex_field(t, "iqmp")}),
              "RSA CRT key");
}

// RSASP1 (FIPS 186-5) needs m < n; RSADP (SP 800-56B 7.1.2) needs 1 < c < n - 1.
// Out-of-range inputs are the negative cases; in range, our raw private-key
// operation must succeed.
GroupHandler primitive(bool decryption) {
  return [decryption](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    if (decryption) out["modulo"] = g.at("modulo");  // echoed at group level
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes n = hex_field(t, "n"), in = hex_field(t, decryption ? "ct" : "message");
      Bytes n_minus_1 = n;
      for (std::size_t i = n_minus_1.size(); i-- > 0;)
        if (n_minus_1[i]-- != 0) break;
      const bool in_range = decryption ? compare(in, Bytes{1}) > 0 && compare(in, n_minus_1) < 0 : compare(in, n) < 0;
      if (!in_range) {
        a["testPassed"] = false;
        return;
      }
      const auto key = primitive_key(g, t);
      const std::size_t k = crypto::rsa_bytes(*key);
      const Bytes padded = left_pad(in, k);
      Bytes res(k);
      RsaParams raw;
      raw.pad = RsaPad::kNone;
      const std::size_t len = decryption ? need(crypto::rsa_decrypt(*key, raw, padded, res), "RSADP")
                                         : need(crypto::rsa_sign(*key, raw, padded, res), "RSASP1");
      res.resize(len);
      a[decryption ? "pt" : "signature"] = to_hex(left_pad(res, k));
      a["testPassed"] = true;
    });
  };
}

std::string siggen_check(const Json& pg, const Json& pt, const Json& rg, const Json& rt, const Json&, const Json&) {
  auto key = crypto::rsa_public_key(hex_field(rg, "n"), hex_field(rg, "e"));
  if (!key) return "the group's public key is invalid";
  return verify_sig(*key, sig_params(pg), hex_field(pt, "message"), hex_field(rt, "signature"))
             ? ""
             : "signature does not verify";
}

}  // namespace

GroupHandler rsa_handler(const std::string& key) {
  if (key == "RSA-sigVer-FIPS186-5") return sigver();
  if (key == "RSA-sigGen-FIPS186-5") return siggen();
  if (key == "RSA-signaturePrimitive-2.0") return primitive(false);
  if (key == "RSA-decryptionPrimitive-Sp800-56Br2") return primitive(true);
  return nullptr;
}

std::optional<Verifier> rsa_verifier(const std::string& key) {
  if (key == "RSA-sigGen-FIPS186-5") return Verifier{{"n", "e"}, {"signature"}, siggen_check};
  return std::nullopt;
}

}  // namespace craton::acvp
