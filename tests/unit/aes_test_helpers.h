// Helpers for the AES unit tests: hex, AES key objects, vector files, and
// driving registry rows the way the module does (length query, then call).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/secure_memory.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "unit_test_common.h"

namespace craton::aestest {

using unittest::hex;
using unittest::to_hex;
using unittest::load_json;

inline mech::KeyRef aes_key(ByteView value, CK_KEY_TYPE type = CKK_AES, CK_OBJECT_CLASS cls = CKO_SECRET_KEY) {
  auto obj = std::make_shared<objects::ObjectData>();
  obj->attrs.set_ulong(CKA_CLASS, cls);
  obj->attrs.set_ulong(CKA_KEY_TYPE, type);
  obj->attrs.set(CKA_VALUE, value);
  obj->attrs.set_ulong(CKA_VALUE_LEN, value.size());
  return obj;
}

inline const mech::MechanismEntry* row(CK_MECHANISM_TYPE type) { return mech::Registry::instance().find(type); }

// A mechanism with a parameter that lives as long as this object.
struct Mech {
  CK_MECHANISM m{};
  Mech(CK_MECHANISM_TYPE type, const void* param = nullptr, std::size_t len = 0) {
    m.mechanism = type;
    m.pParameter = const_cast<void*>(param);
    m.ulParameterLen = len;
  }
  template <class T>
  Mech(CK_MECHANISM_TYPE type, const T& param) : Mech(type, &param, sizeof(T)) {}
  mech::MechContext ctx(const mech::KeyRef& key) const { return mech::MechContext{&m, key, {}}; }
};

inline Result<std::unique_ptr<mech::CipherOperation>> cipher_op(const Mech& m, const mech::KeyRef& key, bool encrypt) {
  const mech::MechanismEntry* e = row(m.m.mechanism);
  if (e == nullptr) return err(CKR_MECHANISM_INVALID);
  auto factory = encrypt ? e->encrypt : e->decrypt;
  if (factory == nullptr) return err(CKR_MECHANISM_INVALID);
  return factory(m.ctx(key));
}

// Single-part: length query through oneshot_output_max, then the call.
inline Result<Bytes> oneshot(const Mech& m, const mech::KeyRef& key, bool encrypt, ByteView in) {
  TRY_ASSIGN(auto op, cipher_op(m, key, encrypt));
  Bytes out(op->oneshot_output_max(in.size()));
  TRY_ASSIGN(std::size_t n, op->oneshot(in, out));
  out.resize(n);
  return out;
}

// Multi-part with the input cut into `chunk`-byte pieces (0: one piece).
inline Result<Bytes> multipart(const Mech& m, const mech::KeyRef& key, bool encrypt, ByteView in, std::size_t chunk) {
  TRY_ASSIGN(auto op, cipher_op(m, key, encrypt));
  Bytes out;
  if (chunk == 0) chunk = in.size() == 0 ? 1 : in.size();
  for (std::size_t off = 0; off < in.size(); off += chunk) {
    ByteView piece = in.subspan(off, std::min(chunk, in.size() - off));
    Bytes part(op->update_output_max(piece.size()));
    TRY_ASSIGN(std::size_t n, op->update(piece, part));
    out.insert(out.end(), part.begin(), part.begin() + static_cast<std::ptrdiff_t>(n));
  }
  Bytes last(op->final_output_max());
  TRY_ASSIGN(std::size_t n, op->final(last));
  out.insert(out.end(), last.begin(), last.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

inline Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace craton::aestest
