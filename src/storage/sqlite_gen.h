// The change-hint file `craton_hsm.db-gen`: one 64-bit generation number per
// slot (slots 0..63), mapped MAP_SHARED by every process that opens the store.
// A writer adds one to its slot's word after each COMMIT that changed the
// slot, so a reader learns of other processes' changes with one atomic load:
// no lock, no system call. The words are hints only; the database stays the
// authority (docs/storage-format.md, "Change detection").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace craton::storage::sqlite {

class GenFile {
 public:
  static constexpr std::size_t kSlots = 64;
  static constexpr std::size_t kBytes = kSlots * sizeof(std::uint64_t);

  GenFile() = default;
  GenFile(const GenFile&) = delete;
  GenFile& operator=(const GenFile&) = delete;
  GenFile(GenFile&& other) noexcept : words_(other.words_) { other.words_ = nullptr; }
  GenFile& operator=(GenFile&& other) noexcept;
  ~GenFile();

  // Creates (0600) and maps `path`. On any failure logs a warning and returns
  // an unmapped GenFile: the store then works without hints, never fails.
  static GenFile open(const std::string& path);

  // True when `slot` has a word in the map.
  bool covers(std::uint32_t slot) const noexcept { return words_ != nullptr && slot < kSlots; }
  void bump(std::uint32_t slot) noexcept;                 // requires covers(slot)
  std::uint64_t load(std::uint32_t slot) const noexcept;  // requires covers(slot)

 private:
  explicit GenFile(std::uint64_t* words) : words_(words) {}
  void unmap() noexcept;

  std::uint64_t* words_ = nullptr;
};

}  // namespace craton::storage::sqlite
