// Result<T> and Status: how every layer below the ABI reports a CK_RV.
// No exception crosses a layer boundary; the ABI turns these into return
// codes. CKR_BUFFER_TOO_SMALL carries the size the caller must provide.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <variant>

#include "craton/pkcs11/pkcs11t.h"

namespace craton {

// An error: the CK_RV to return, and for CKR_BUFFER_TOO_SMALL the size needed.
struct Error {
  CK_RV rv = CKR_GENERAL_ERROR;
  std::size_t needed = 0;
};

inline Error err(CK_RV rv) { return Error{rv, 0}; }
inline Error buffer_too_small(std::size_t needed) { return Error{CKR_BUFFER_TOO_SMALL, needed}; }

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) : error_(e) {}  // NOLINT: implicit by design, `return err(...)`.
  static Status ok() { return Status(); }
  bool is_ok() const { return !error_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  CK_RV rv() const { return error_ ? error_->rv : CKR_OK; }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design.
  Result(Error e) : v_(e) {}                 // NOLINT
  Result(Status s) : v_(s.error()) {}        // only from a failed Status.

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  CK_RV rv() const { return is_ok() ? CKR_OK : std::get<1>(v_).rv; }
  const Error& error() const { return std::get<1>(v_); }
  Status status() const { return is_ok() ? Status() : Status(error()); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace craton

// Early-return helpers. Kept as macros because they return from the caller.
#define CRATON_CONCAT_INNER(a, b) a##b
#define CRATON_CONCAT(a, b) CRATON_CONCAT_INNER(a, b)

#define TRY_STATUS(expr)                          \
  do {                                            \
    ::craton::Status craton_st_ = (expr);         \
    if (!craton_st_.is_ok()) return craton_st_.error(); \
  } while (0)

#define TRY_ASSIGN_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                             \
  if (!tmp.is_ok()) return tmp.error();          \
  lhs = std::move(tmp).value()

#define TRY_ASSIGN(lhs, expr) TRY_ASSIGN_IMPL(CRATON_CONCAT(craton_r_, __LINE__), lhs, expr)

// The same for functions that return a CK_RV (the service layer).
#define RV_ASSIGN_IMPL(tmp, lhs, expr)           \
  auto tmp = (expr);                             \
  if (!tmp.is_ok()) return tmp.rv();             \
  lhs = std::move(tmp).value()

#define RV_ASSIGN(lhs, expr) RV_ASSIGN_IMPL(CRATON_CONCAT(craton_r_, __LINE__), lhs, expr)

#define RV_TRY(expr)                              \
  do {                                            \
    auto craton_s_ = (expr);                      \
    if (!craton_s_.is_ok()) return craton_s_.rv(); \
  } while (0)
