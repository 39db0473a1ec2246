// Digest family: SHA-1 (legacy), SHA-2 and SHA-3 through crypto::Hash.
#include <array>
#include <cstring>
#include <deque>
#include <mutex>

#include "crypto/random.h"
#include "mechanisms/families.h"
#include "mechanisms/hash_mechanisms.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {

// OpenSSL 3 cannot export a digest's internal state, so a saved state is an
// opaque ticket naming a clone kept in this process (bounded, oldest dropped).
// Restoring works in any session of the same module instance.
class SavedDigestStates {
 public:
  static SavedDigestStates& instance() {
    static SavedDigestStates s;
    return s;
  }
  Result<Bytes> save(const crypto::Hash& h) {
    TRY_ASSIGN(crypto::Hash copy, h.clone());
    Bytes ticket(kTicketSize);
    TRY_STATUS(crypto::random_bytes(ticket));
    std::lock_guard<std::mutex> lock(mu_);
    if (states_.size() >= kMaxStates) states_.pop_front();
    states_.push_back(Entry{ticket, std::move(copy)});
    return ticket;
  }
  Result<crypto::Hash> restore(ByteView ticket) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : states_)
      if (constant_time_equal(e.ticket, ticket)) return e.hash.clone();
    return err(CKR_SAVED_STATE_INVALID);
  }
  void clear() {
    std::deque<Entry> gone;
    {
      std::lock_guard<std::mutex> lock(mu_);
      gone.swap(states_);
    }  // freed outside the lock
  }

 private:
  static constexpr std::size_t kTicketSize = 24;
  static constexpr std::size_t kMaxStates = 256;
  struct Entry {
    Bytes ticket;
    crypto::Hash hash;
  };
  std::mutex mu_;
  std::deque<Entry> states_;
};

class DigestOp final : public DigestOperation {
 public:
  explicit DigestOp(crypto::Hash h) : hash_(std::move(h)) {}
  std::size_t digest_size() const override { return hash_.size(); }
  Status update(ByteView data) override { return hash_.update(data); }
  Status final(MutableByteView out) override { return hash_.final(out); }
  Result<Bytes> save_state() const override { return SavedDigestStates::instance().save(hash_); }
  Status restore_state(ByteView state) override {
    TRY_ASSIGN(crypto::Hash restored, SavedDigestStates::instance().restore(state));
    if (restored.alg() != hash_.alg()) return err(CKR_SAVED_STATE_INVALID);
    hash_ = std::move(restored);
    return Status::ok();
  }
  // Parking re-initialises (and wipes) the state at once: C_DigestKey may
  // have fed it a key. restart() (same mechanism type, the session checks)
  // then only checks the parameter.
  bool park() override { return hash_.reset().is_ok(); }
  Status restart(const MechContext& ctx) override { return require_no_param(*ctx.mechanism); }

 private:
  crypto::Hash hash_;
};

Result<std::unique_ptr<DigestOperation>> make_digest(const MechContext& ctx) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  auto alg = hash_for_digest_mechanism(ctx.mechanism->mechanism);
  if (!alg) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(*alg));
  return std::unique_ptr<DigestOperation>(std::make_unique<DigestOp>(std::move(h)));
}

}  // namespace

void forget_saved_digest_states() { SavedDigestStates::instance().clear(); }

void register_digest(Registry& r) {
  struct Row {
    CK_MECHANISM_TYPE type;
    std::string_view name;
    bool approved;
  };
  static constexpr Row kRows[] = {
      {CKM_SHA_1, "CKM_SHA_1", true},           {CKM_SHA224, "CKM_SHA224", true},
      {CKM_SHA256, "CKM_SHA256", true},         {CKM_SHA384, "CKM_SHA384", true},
      {CKM_SHA512, "CKM_SHA512", true},         {CKM_SHA512_224, "CKM_SHA512_224", true},
      {CKM_SHA512_256, "CKM_SHA512_256", true}, {CKM_SHA3_224, "CKM_SHA3_224", true},
      {CKM_SHA3_256, "CKM_SHA3_256", true},     {CKM_SHA3_384, "CKM_SHA3_384", true},
      {CKM_SHA3_512, "CKM_SHA3_512", true},
  };
  for (const Row& row : kRows) {
    MechanismEntry e;
    e.type = row.type;
    e.name = row.name;
    e.flags = CKF_DIGEST;
    e.fips_approved = row.approved;
    e.digest = make_digest;
    r.add(e);
  }
}

}  // namespace craton::mech
