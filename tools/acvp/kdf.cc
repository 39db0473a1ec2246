// PBKDF2 (SP 800-132), KDA HKDF (SP 800-56C rev 2) and the HMAC_DRBG.
#include "acvp.h"
#include "crypto/drbg.h"
#include "crypto/kdf.h"

namespace craton::acvp {

namespace {

int whole_bytes(int bits, const char* what) {
  if (bits % 8) throw Unsupported(std::string(what) + " is not a whole number of bytes");
  return bits / 8;
}

GroupHandler pbkdf_handler() {
  return [](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    const auto alg = hash_from_name(str_field(g, "hmacAlg"));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const std::string password = str_field(t, "password");  // text, not hex
      SecureBytes dk(static_cast<std::size_t>(whole_bytes(int_field(t, "keyLen"), "keyLen")));
      need(crypto::pbkdf2(alg, as_bytes(password), hex_field(t, "salt"),
                          t.at("iterationCount").get<std::uint64_t>(), dk),
           "PBKDF2");
      a["derivedKey"] = to_hex(dk);
    });
  };
}

// SP 800-56C two-step KDF with HMAC: Extract(salt, Z) then Expand(FixedInfo, L).
std::string hkdf(const std::string& hash, const Bytes& salt, const Bytes& z, const Bytes& fixed_info, int bits) {
  const auto alg = hash_from_name(hash);
  const auto prk = need(crypto::hkdf_extract(alg, salt, z), "HKDF-Extract");
  SecureBytes okm(static_cast<std::size_t>(whole_bytes(bits, "L")));
  need(crypto::hkdf_expand(alg, prk, fixed_info, okm), "HKDF-Expand");
  return to_hex(okm);
}

void append(Bytes& b, ByteView x) { b.insert(b.end(), x.begin(), x.end()); }

Bytes party_info(const Json& party) {
  Bytes b = hex_field(party, "partyId");
  append(b, hex_opt(party, "ephemeralData"));
  return b;
}

// FixedInfo for the one pattern the sample sets use, concatenated.
Bytes fixed_info(const Json& config, const Json& t, int l_bits) {
  if (config.value("fixedInfoPattern", "") != "uPartyInfo||vPartyInfo||t||l" ||
      config.value("fixedInfoEncoding", "") != "concatenation")
    throw Unsupported("fixedInfoPattern " + config.value("fixedInfoPattern", ""));
  Bytes fixed = party_info(t.at("fixedInfoPartyU"));
  append(fixed, party_info(t.at("fixedInfoPartyV")));
  append(fixed, hex_field(t.at("kdfParameter"), "t"));
  const auto l = static_cast<std::uint32_t>(l_bits);
  for (int shift = 24; shift >= 0; shift -= 8) fixed.push_back(static_cast<std::uint8_t>(l >> shift));
  return fixed;
}

GroupHandler kda_hkdf_handler() {
  return [](const Json& g, Json& out) {
    const std::string type = str_field(g, "testType");
    if (type != "AFT" && type != "VAL") throw Unsupported("test type " + type);
    const bool multi = g.value("multiExpansion", false);
    const Json& config = g.at(multi ? "kdfMultiExpansionConfiguration" : "kdfConfiguration");
    if (config.value("kdfType", "") != "hkdf") throw Unsupported("kdfType " + config.value("kdfType", ""));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      if (multi) {
        const Json& p = t.at("kdfMultiExpansionParameter");
        Json dkms = Json::array();
        for (const auto& it : p.at("iterationParameters"))
          dkms.push_back(hkdf(str_field(p, "hmacAlg"), hex_field(p, "salt"), hex_field(p, "z"),
                              hex_field(it, "fixedInfo"), int_field(it, "l")));
        if (type == "AFT") a["dkms"] = dkms;
        else a["testPassed"] = dkms == t.at("dkms");
        return;
      }
      const Json& p = t.at("kdfParameter");
      const int l = int_field(p, "l");
      const std::string dkm = hkdf(str_field(config, "hmacAlg"), hex_field(p, "salt"), hex_field(p, "z"),
                                   fixed_info(config, t, l), l);
      if (type == "AFT") a["dkm"] = dkm;
      else a["testPassed"] = dkm == str_field(t, "dkm");
    });
  };
}

// Our DRBG is HMAC_DRBG with SHA-256 and prediction resistance only.
GroupHandler hmac_drbg_handler() {
  return [](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    if (str_field(g, "mode") != "SHA2-256") throw Unsupported("mode " + str_field(g, "mode") + " (HMAC-SHA-256 only)");
    if (!g.value("predResistance", false)) throw Unsupported("predResistance false (always on in this DRBG)");
    const int bytes = whole_bytes(int_field(g, "returnedBitsLen"), "returnedBitsLen");
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Json& other = t.at("otherInput");
      if (other.size() != 2) throw CaseError("expected two generate calls");
      const Bytes e = hex_field(t, "entropyInput"), n = hex_field(t, "nonce"), p = hex_opt(t, "persoString");
      const Bytes a1 = hex_opt(other[0], "additionalInput"), e1 = hex_field(other[0], "entropyInput");
      const Bytes a2 = hex_opt(other[1], "additionalInput"), e2 = hex_field(other[1], "entropyInput");
      Bytes bits(static_cast<std::size_t>(bytes));
      need(crypto::drbg_known_answer({e, n, p, e1, a1, e2, a2}, bits), "HMAC_DRBG");
      a["returnedBits"] = to_hex(bits);
    });
  };
}

}  // namespace

GroupHandler kdf_handler(const std::string& key) {
  if (key == "PBKDF-1.0") return pbkdf_handler();
  if (key == "KDA-HKDF-Sp800-56Cr2") return kda_hkdf_handler();
  if (key == "hmacDRBG-SP800-90Ar1") return hmac_drbg_handler();
  return nullptr;
}

}  // namespace craton::acvp
