// Small PKCS#11 helpers for the benchmark: attribute templates that own their
// values, mechanisms with owned parameters, CK_RV/CKM names and errors.
#pragma once

#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "craton/pkcs11/pkcs11.h"

namespace bench {

using Bytes = std::vector<unsigned char>;

// A template whose attribute values live as long as the template. Moving it
// keeps the value addresses (std::deque elements do not move).
class Template {
 public:
  Template() = default;
  Template(Template&&) = default;
  Template& operator=(Template&&) = default;
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

  Template& add_bool(CK_ATTRIBUTE_TYPE type, bool value);
  Template& add_ulong(CK_ATTRIBUTE_TYPE type, CK_ULONG value);
  Template& add_bytes(CK_ATTRIBUTE_TYPE type, const void* data, std::size_t size);
  Template& add_bytes(CK_ATTRIBUTE_TYPE type, const Bytes& b) { return add_bytes(type, b.data(), b.size()); }
  Template& add_string(CK_ATTRIBUTE_TYPE type, std::string_view s) { return add_bytes(type, s.data(), s.size()); }

  CK_ATTRIBUTE* data() { return attrs_.data(); }
  CK_ULONG size() const { return static_cast<CK_ULONG>(attrs_.size()); }

 private:
  std::deque<Bytes> values_;
  std::vector<CK_ATTRIBUTE> attrs_;
};

// A mechanism with its parameter block copied in, so runners can hand a
// stable CK_MECHANISM to every call.
class Mechanism {
 public:
  explicit Mechanism(CK_MECHANISM_TYPE type) : type_(type) {}
  template <typename Param>
  Mechanism(CK_MECHANISM_TYPE type, const Param& param) : type_(type), param_(sizeof(Param)) {
    std::memcpy(param_.data(), &param, sizeof(Param));
  }
  // The parameter block, for parameters that point at per-runner buffers.
  template <typename Param>
  Param* param_as() { return reinterpret_cast<Param*>(param_.data()); }
  CK_MECHANISM* get() {
    mech_ = CK_MECHANISM{type_, param_.empty() ? nullptr : param_.data(), static_cast<CK_ULONG>(param_.size())};
    return &mech_;
  }
  CK_MECHANISM_TYPE type() const { return type_; }

 private:
  CK_MECHANISM_TYPE type_;
  std::vector<unsigned char> param_;  // operator new storage: aligned for any parameter struct
  CK_MECHANISM mech_{};
};

std::string rv_name(CK_RV rv);
std::string mechanism_name(CK_MECHANISM_TYPE type);

// Setup failure of a PKCS#11 call (timed loops never throw: they return CK_RV).
class P11Error : public std::runtime_error {
 public:
  P11Error(const std::string& what, CK_RV rv) : std::runtime_error(what + ": " + rv_name(rv)), rv_(rv) {}
  CK_RV rv() const { return rv_; }

 private:
  CK_RV rv_;
};

// The operation cannot be measured on this target (mechanism not offered,
// no libcrypto equivalent...): reported as n/a, never faked.
class NotAvailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline void check(CK_RV rv, const std::string& what) {
  if (rv != CKR_OK) throw P11Error(what, rv);
}

// Blank-padded fixed-width field -> trimmed string.
std::string padded_field(const CK_UTF8CHAR* data, std::size_t size);

}  // namespace bench
