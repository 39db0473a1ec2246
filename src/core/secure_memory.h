// Memory that holds secrets: wiped before it is returned to the allocator.
// Every CSP (key bytes, PINs, derived keys) lives in SecureBytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <vector>

#include "core/locked_pool.h"

namespace craton {

// Overwrites memory in a way the optimiser may not remove.
void secure_wipe(void* p, std::size_t n) noexcept;

// Constant-time comparison of equal-length buffers (false if lengths differ).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

// Serves from the locked, non-dumpable pool (core/locked_pool.h); types that
// need more than max_align_t alignment use the heap. Wiped on deallocate.
template <class T>
struct ZeroingAllocator {
  using value_type = T;
  ZeroingAllocator() noexcept = default;
  template <class U>
  ZeroingAllocator(const ZeroingAllocator<U>&) noexcept {}  // NOLINT
  T* allocate(std::size_t n) {
    if constexpr (alignof(T) > alignof(std::max_align_t)) {
      return std::allocator<T>{}.allocate(n);
    } else {
      if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length();
      return static_cast<T*>(locked_allocate(n * sizeof(T)));
    }
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if constexpr (alignof(T) > alignof(std::max_align_t)) {
      secure_wipe(p, n * sizeof(T));
      std::allocator<T>{}.deallocate(p, n);
    } else {
      locked_deallocate(p, n * sizeof(T));
    }
  }
  template <class U>
  bool operator==(const ZeroingAllocator<U>&) const noexcept { return true; }
};

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
using MutableByteView = std::span<std::uint8_t>;

// A growable buffer whose contents are wiped on every reallocation and on
// destruction. Copyable on purpose (attribute tables copy values); copies are
// wiped too.
class SecureBytes : public std::vector<std::uint8_t, ZeroingAllocator<std::uint8_t>> {
  using Base = std::vector<std::uint8_t, ZeroingAllocator<std::uint8_t>>;

 public:
  using Base::Base;
  SecureBytes() = default;
  explicit SecureBytes(ByteView v) : Base(v.begin(), v.end()) {}
  ByteView view() const { return ByteView(data(), size()); }
  void assign_view(ByteView v) { assign(v.begin(), v.end()); }
};

inline ByteView as_bytes(std::string_view s) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

}  // namespace craton
