// Hashes (SHA-2, SHA-3, SHAKE), HMAC, AES modes and CMAC.
#include <algorithm>

#include "acvp.h"
#include "crypto/cipher.h"
#include "crypto/cmac.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "crypto/random.h"
#include "pqc/keccak.h"

namespace craton::acvp {

namespace {

using crypto::Cipher;
using crypto::CipherMode;
using crypto::HashAlg;

// The first `bits` bits of `b` (ACVP lengths are in bits); a partial last
// byte keeps its leading bits, as ACVP writes bit strings.
Bytes take_bits(Bytes b, int bits) {
  const std::size_t n = static_cast<std::size_t>(bits + 7) / 8;
  if (b.size() < n) throw BadInput("field shorter than its length");
  b.resize(n);
  if (bits % 8) b.back() &= static_cast<std::uint8_t>(0xFF << (8 - bits % 8));
  return b;
}

int bytes_of_bits(int bits, const char* what) {
  if (bits % 8) throw Unsupported(std::string(what) + " is not a whole number of bytes");
  return bits / 8;
}

// ---- SHA-2 / SHA-3 --------------------------------------------------------

Bytes digest(HashAlg alg, ByteView m) { return need(crypto::hash(alg, m), "hash"); }

// ACVP SHA-2 MCT: A = B = C = seed; MD = H(A || B || C) 1000 times per
// round. The "alternate" version fixes the message length to the seed's,
// truncating or zero-padding A || B || C.
Json sha2_mct(HashAlg alg, Bytes seed, bool alternate) {
  Json results = Json::array();
  const std::size_t len = seed.size();
  for (int j = 0; j < 100; ++j) {
    Bytes a = seed, b = seed, c = seed, md;
    for (int i = 0; i < 1000; ++i) {
      Bytes msg = a;
      msg.insert(msg.end(), b.begin(), b.end());
      msg.insert(msg.end(), c.begin(), c.end());
      if (alternate) msg.resize(len, 0);
      md = digest(alg, msg);
      a = std::move(b);
      b = std::move(c);
      c = md;
    }
    results.push_back({{"md", to_hex(md)}});
    seed = md;
  }
  return results;
}

// ACVP SHA-3 MCT (standard): MD = H(MD) 1000 times per round.
Json sha3_mct(HashAlg alg, Bytes md) {
  Json results = Json::array();
  for (int j = 0; j < 100; ++j) {
    for (int i = 0; i < 1000; ++i) md = digest(alg, md);
    results.push_back({{"md", to_hex(md)}});
  }
  return results;
}

// Large-data test: `content` repeated up to fullLength bits, streamed.
Bytes sha_ldt(HashAlg alg, const Json& large) {
  const Bytes content = hex_field(large, "content");
  if (large.value("expansionTechnique", "") != "repeating") throw Unsupported("LDT expansion technique");
  const std::uint64_t full_bits = large.at("fullLength").get<std::uint64_t>();
  if (full_bits % 8 || content.empty()) throw Unsupported("bit-oriented LDT");
  std::uint64_t left = full_bits / 8;
  Bytes chunk;
  while (chunk.size() < (1u << 20)) chunk.insert(chunk.end(), content.begin(), content.end());
  auto h = need(crypto::Hash::create(alg), "hash");
  while (left > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
    need(h.update(ByteView(chunk.data(), n)), "hash update");
    left -= n;
  }
  Bytes md(h.size());
  need(h.final(md), "hash final");
  return md;
}

GroupHandler sha_handler(HashAlg alg, bool sha3) {
  return [alg, sha3](const Json& g, Json& out) {
    const std::string type = str_field(g, "testType");
    if (type == "AFT") {
      for_each_test(g, out, [&](const Json& t, Json& a) {
        const int bits = int_field(t, "len");
        const Bytes msg = take_bits(hex_field(t, "msg"), bits);
        bytes_of_bits(bits, "message");
        a["md"] = to_hex(digest(alg, msg));
      });
    } else if (type == "MCT") {
      const std::string version = g.value("mctVersion", "standard");
      if (sha3 && version != "standard") throw Unsupported("SHA-3 MCT version " + version);
      for_each_test(g, out, [&](const Json& t, Json& a) {
        const int bits = int_field(t, "len");
        bytes_of_bits(bits, "seed");
        const Bytes seed = take_bits(hex_field(t, "msg"), bits);
        a["resultsArray"] = sha3 ? sha3_mct(alg, seed) : sha2_mct(alg, seed, version == "alternate");
      });
    } else if (type == "LDT") {
      for_each_test(g, out, [&](const Json& t, Json& a) { a["md"] = to_hex(sha_ldt(alg, t.at("largeMsg"))); });
    } else {
      throw Unsupported("test type " + type);
    }
  };
}

GroupHandler shake_handler(bool s256) {
  return [s256](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const int bits = int_field(t, "len");
      bytes_of_bits(bits, "message");
      const Bytes msg = take_bits(hex_field(t, "msg"), bits);
      // An output length in bits: FIPS 202 orders bits LSB first, so the
      // last partial byte's r low bits are the XOF's; ACVP's bit string
      // writes them left-aligned.
      const int out_bits = int_field(t, "outLen");
      Bytes md(static_cast<std::size_t>(out_bits + 7) / 8);
      if (s256) pqc::shake256(msg, md);
      else pqc::shake128(msg, md);
      if (out_bits % 8) md.back() = static_cast<std::uint8_t>(md.back() << (8 - out_bits % 8));
      a["md"] = to_hex(md);
    });
  };
}

// ---- HMAC -----------------------------------------------------------------

// Revision 1.0 puts keyLen/macLen/msgLen on the group, 2.0 on each test.
GroupHandler hmac_handler(HashAlg alg) {
  return [alg](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Json& lens = t.contains("macLen") ? t : g;
      const Bytes key = take_bits(hex_field(t, "key"), bytes_of_bits(int_field(lens, "keyLen"), "key") * 8);
      const Bytes msg = take_bits(hex_field(t, "msg"), bytes_of_bits(int_field(lens, "msgLen"), "message") * 8);
      Bytes mac = need(crypto::hmac(alg, key, msg), "HMAC");
      mac.resize(static_cast<std::size_t>(bytes_of_bits(int_field(lens, "macLen"), "MAC")));
      a["mac"] = to_hex(mac);
    });
  };
}

// ---- AES ------------------------------------------------------------------

bool encrypting(const Json& g) {
  const std::string d = str_field(g, "direction");
  if (d != "encrypt" && d != "decrypt") throw Unsupported("direction " + d);
  return d == "encrypt";
}

Bytes run_cipher(CipherMode mode, ByteView key, bool enc, ByteView iv, ByteView in) {
  auto c = need(Cipher::create(mode, key, enc), "cipher setup");
  need(c.start(iv), "cipher start");
  Bytes out(in.size());
  need(c.update(in, out), "cipher update");
  return out;
}

void xor_into(Bytes& dst, ByteView src, std::size_t dst_off = 0) {
  for (std::size_t i = 0; i < src.size(); ++i) dst[dst_off + i] ^= src[i];
}

// ACVP AES-CBC Monte Carlo test: 100 rounds of 1000 chained block
// operations; the next key is the old one XOR the last output bits.
Json cbc_mct(bool enc, Bytes key, Bytes iv, Bytes in) {
  Json results = Json::array();
  for (int r = 0; r < 100; ++r) {
    Json entry = {{"key", to_hex(key)}, {"iv", to_hex(iv)}, {enc ? "pt" : "ct", to_hex(in)}};
    auto ecb = need(Cipher::create(CipherMode::kEcb, key, enc), "AES setup");
    Bytes chain = iv, out(16), prev_out(16), block(16);
    for (int j = 0; j < 1000; ++j) {
      block = in;
      if (enc) xor_into(block, chain);
      Bytes res(16);
      need(ecb.update(block, res), "AES block");
      if (!enc) xor_into(res, chain);
      chain = enc ? res : in;
      // The next input is the IV after the first block, then the output
      // two steps back.
      in = j == 0 ? iv : out;
      prev_out = out;
      out = res;
    }
    entry[enc ? "ct" : "pt"] = to_hex(out);
    results.push_back(entry);
    // Key schedule: XOR with the trailing key-size bits of prev_out || out.
    Bytes tail = prev_out;
    tail.insert(tail.end(), out.begin(), out.end());
    xor_into(key, ByteView(tail).subspan(tail.size() - key.size()));
    iv = out;
    in = prev_out;
  }
  return results;
}

GroupHandler cbc_handler() {
  return [](const Json& g, Json& out) {
    const bool enc = encrypting(g);
    const std::string type = str_field(g, "testType");
    if (type != "AFT" && type != "MCT") throw Unsupported("test type " + type);
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes key = hex_field(t, "key"), iv = hex_field(t, "iv"), in = hex_field(t, enc ? "pt" : "ct");
      if (type == "MCT") a["resultsArray"] = cbc_mct(enc, key, iv, in);
      else a[enc ? "ct" : "pt"] = to_hex(run_cipher(CipherMode::kCbc, key, enc, iv, in));
    });
  };
}

// CTR is a stream: pad to whole blocks, keep the payload's bits.
Bytes ctr(ByteView key, bool enc, ByteView iv, const Bytes& in, int bits) {
  Bytes padded = in;
  padded.resize((in.size() + 15) / 16 * 16, 0);
  return take_bits(run_cipher(CipherMode::kCtr, key, enc, iv, padded), bits);
}

// Adds `n` to a 128-bit big-endian counter block.
void add_to_counter(Bytes& block, std::uint64_t n) {
  for (std::size_t i = block.size(); i-- > 0 && n != 0;) {
    n += block[i];
    block[i] = static_cast<std::uint8_t>(n);
    n >>= 8;
  }
}

// Encrypt groups without an "iv" ask the IUT for its own counter blocks:
// one random start per group, never reused across the group's messages.
GroupHandler ctr_handler() {
  return [](const Json& g, Json& out) {
    const bool enc = encrypting(g);
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    Bytes counter(16);
    need(crypto::random_bytes(counter), "random counter");
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const int bits = int_field(t, "payloadLen");
      const Bytes in = take_bits(hex_field(t, enc ? "pt" : "ct"), bits);
      Bytes iv = hex_opt(t, "iv");
      if (iv.empty()) {
        if (!enc) throw CaseError("decryption without an IV");
        iv = counter;
        add_to_counter(counter, (in.size() + 15) / 16);
        a["iv"] = to_hex(iv);
      }
      a[enc ? "ct" : "pt"] = to_hex(ctr(hex_field(t, "key"), enc, iv, in, bits));
    });
  };
}

GroupHandler gcm_handler() {
  return [](const Json& g, Json& out) {
    const bool enc = encrypting(g);
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    if (g.value("ivGen", "external") != "external") throw Unsupported("internal IV generation");
    const int tag_bytes = bytes_of_bits(int_field(g, "tagLen"), "tag");
    bytes_of_bits(int_field(g, "payloadLen"), "payload");
    bytes_of_bits(int_field(g, "aadLen"), "AAD");
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes key = hex_field(t, "key"), aad = hex_opt(t, "aad");
      Bytes iv = hex_field(t, "iv");
      if (iv.size() > crypto::kGcmBackendMaxIv) {
        const auto eq = need(crypto::gcm_equivalent_iv(key, iv), "GCM IV");
        iv.assign(eq.begin(), eq.end());
      }
      auto c = need(Cipher::create(CipherMode::kGcm, key, enc), "GCM setup");
      need(c.start(iv), "GCM start");
      need(c.aad(aad), "GCM AAD");
      const Bytes in = hex_opt(t, enc ? "pt" : "ct");
      Bytes res(in.size());
      if (enc) {
        need(c.update(in, res), "GCM update");
        Bytes tag(static_cast<std::size_t>(tag_bytes));
        need(c.finish(tag), "GCM finish");
        a["ct"] = to_hex(res);
        a["tag"] = to_hex(tag);
        return;
      }
      need(c.set_tag(hex_field(t, "tag")), "GCM tag");
      need(c.update(in, res), "GCM update");
      const Status st = c.finish();
      if (st.is_ok()) a["pt"] = to_hex(res);
      else if (st.rv() == CKR_ENCRYPTED_DATA_INVALID) a["testPassed"] = false;
      else need(st, "GCM finish");
    });
  };
}

GroupHandler wrap_handler(CipherMode mode) {
  return [mode](const Json& g, Json& out) {
    const bool enc = encrypting(g);
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    if (g.value("kwCipher", "cipher") != "cipher") throw Unsupported("kwCipher " + g.value("kwCipher", ""));
    for_each_test(g, out, [&](const Json& t, Json& a) {
      const Bytes in = hex_field(t, enc ? "pt" : "ct");
      auto c = need(Cipher::create(mode, hex_field(t, "key"), enc), "key wrap setup");
      need(c.start({}), "key wrap start");
      Bytes res(in.size() + 16);
      auto n = c.update(in, res);
      if (!enc && n.rv() == CKR_ENCRYPTED_DATA_INVALID) {
        a["testPassed"] = false;
        return;
      }
      res.resize(need(std::move(n), "key wrap"));
      a[enc ? "ct" : "pt"] = to_hex(res);
    });
  };
}

GroupHandler cmac_handler() {
  return [](const Json& g, Json& out) {
    if (str_field(g, "testType") != "AFT") throw Unsupported("test type " + str_field(g, "testType"));
    const std::string dir = str_field(g, "direction");
    if (dir != "gen" && dir != "ver") throw Unsupported("direction " + dir);
    const int msg_bytes = bytes_of_bits(int_field(g, "msgLen"), "message");
    const int mac_bytes = bytes_of_bits(int_field(g, "macLen"), "MAC");
    for_each_test(g, out, [&](const Json& t, Json& a) {
      auto c = need(crypto::Cmac::create(hex_field(t, "key")), "CMAC setup");
      const Bytes msg = take_bits(hex_field(t, "message"), msg_bytes * 8);
      need(c.update(msg), "CMAC update");
      std::array<std::uint8_t, crypto::kCmacSize> full{};
      need(c.final(full), "CMAC final");
      const Bytes mac(full.begin(), full.begin() + mac_bytes);
      if (dir == "gen") a["mac"] = to_hex(mac);
      else a["testPassed"] = constant_time_equal(mac, hex_field(t, "mac"));
    });
  };
}

// "HMAC-SHA2-256-1.0" -> "SHA2-256".
std::string hmac_hash_name(const std::string& key) {
  const auto dash = key.rfind('-');
  return key.substr(5, dash - 5);
}

}  // namespace

// CTR with our own counter blocks: the response's ct must decrypt, under its
// iv, to the prompt's pt (and equal the sample's ct when the iv is the same).
std::optional<Verifier> sym_verifier(const std::string& key) {
  if (key != "ACVP-AES-CTR-1.0") return std::nullopt;
  return Verifier{{}, {"ct", "iv"},
                  [](const Json& pg, const Json& pt, const Json&, const Json& rt, const Json&, const Json& et) {
                    if (!encrypting(pg) || pt.contains("iv")) {
                      for (const char* f : {"ct", "iv"})
                        if (et.contains(f) && (!rt.contains(f) || unhex(str_field(rt, f)) != unhex(str_field(et, f))))
                          return std::string(f) + " differs";
                      return std::string();
                    }
                    const int bits = int_field(pt, "payloadLen");
                    const Bytes back = ctr(hex_field(pt, "key"), false, hex_field(rt, "iv"),
                                           take_bits(hex_field(rt, "ct"), bits), bits);
                    return back == take_bits(hex_field(pt, "pt"), bits) ? std::string()
                                                                         : std::string("ct does not decrypt to pt");
                  }};
}

GroupHandler sym_handler(const std::string& key) {
  static const std::pair<const char*, HashAlg> kSha[] = {
      {"SHA2-224-1.0", HashAlg::kSha224}, {"SHA2-256-1.0", HashAlg::kSha256},
      {"SHA2-384-1.0", HashAlg::kSha384}, {"SHA2-512-1.0", HashAlg::kSha512},
      {"SHA2-512/224-1.0", HashAlg::kSha512_224}, {"SHA2-512/256-1.0", HashAlg::kSha512_256},
      {"SHA3-224-2.0", HashAlg::kSha3_224}, {"SHA3-256-2.0", HashAlg::kSha3_256},
      {"SHA3-384-2.0", HashAlg::kSha3_384}, {"SHA3-512-2.0", HashAlg::kSha3_512},
  };
  for (const auto& [name, alg] : kSha)
    if (key == name) return sha_handler(alg, key.rfind("SHA3", 0) == 0);
  if (key == "SHAKE-128-FIPS202") return shake_handler(false);
  if (key == "SHAKE-256-FIPS202") return shake_handler(true);
  if (key.rfind("HMAC-", 0) == 0 && (key.ends_with("-1.0") || key.ends_with("-2.0")) &&
      is_hash_name(hmac_hash_name(key)))
    return hmac_handler(hash_from_name(hmac_hash_name(key)));
  if (key == "ACVP-AES-CBC-1.0") return cbc_handler();
  if (key == "ACVP-AES-CTR-1.0") return ctr_handler();
  if (key == "ACVP-AES-GCM-1.0") return gcm_handler();
  if (key == "ACVP-AES-KW-1.0") return wrap_handler(CipherMode::kWrap);
  if (key == "ACVP-AES-KWP-1.0") return wrap_handler(CipherMode::kWrapPad);
  if (key == "CMAC-AES-1.0") return cmac_handler();
  return nullptr;
}

}  // namespace craton::acvp
