// sessions::ActiveOp keeps a finished operation as a spare only when the
// operation agrees to be parked, hands it back only for the same mechanism
// type and the same key snapshot, and forgets it on discard() and
// Session::drop_spares() (which also clears spares_stale).
#include <gtest/gtest.h>

#include <memory>

#include "sessions/session.h"

namespace craton::sessions {
namespace {

// A digest operation that records what the session did with it.
class FakeDigest final : public mech::DigestOperation {
 public:
  FakeDigest(bool parkable, CK_RV restart_rv) : parkable_(parkable), restart_rv_(restart_rv) {}
  std::size_t digest_size() const override { return 32; }
  Status update(ByteView) override { return Status::ok(); }
  Status final(MutableByteView) override { return Status::ok(); }
  bool park() override {
    ++parks;
    return parkable_;
  }
  Status restart(const mech::MechContext&) override {
    ++restarts;
    return restart_rv_ == CKR_OK ? Status::ok() : Status(err(restart_rv_));
  }
  int parks = 0;
  int restarts = 0;

 private:
  bool parkable_;
  CK_RV restart_rv_;
};

mech::KeyRef a_key() { return std::make_shared<const objects::ObjectData>(); }

void start(ActiveOp<mech::DigestOperation>& slot, CK_MECHANISM_TYPE m, mech::KeyRef key, bool parkable,
           CK_RV restart_rv, FakeDigest** out) {
  auto op = std::make_unique<FakeDigest>(parkable, restart_rv);
  *out = op.get();
  slot.op = std::move(op);
  slot.mechanism = m;
  slot.key = std::move(key);
}

TEST(ActiveOpSpare, KeptOnlyWhenParkedAndReturnedForTheSameMechanismAndKey) {
  ActiveOp<mech::DigestOperation> slot;
  const mech::KeyRef key = a_key();
  FakeDigest* op = nullptr;
  start(slot, CKM_SHA256, key, true, CKR_OK, &op);
  slot.reset();
  EXPECT_FALSE(slot);
  ASSERT_TRUE(slot.spare);
  EXPECT_EQ(op->parks, 1);

  CK_MECHANISM other_mech{CKM_SHA384, nullptr, 0};
  mech::MechContext ctx;
  ctx.mechanism = &other_mech;
  ctx.key = key;
  EXPECT_EQ(slot.restart_spare(ctx), nullptr);  // other mechanism: not reused, and dropped
  EXPECT_FALSE(slot.spare);

  start(slot, CKM_SHA256, key, true, CKR_OK, &op);
  slot.reset();
  CK_MECHANISM same_mech{CKM_SHA256, nullptr, 0};
  ctx.mechanism = &same_mech;
  ctx.key = a_key();  // an equal but different snapshot
  EXPECT_EQ(slot.restart_spare(ctx), nullptr);
  EXPECT_FALSE(slot.spare);

  start(slot, CKM_SHA256, key, true, CKR_OK, &op);
  slot.reset();
  ctx.key = key;
  auto back = slot.restart_spare(ctx);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back.get(), op);
  EXPECT_EQ(op->restarts, 1);
  EXPECT_FALSE(slot.spare);
  EXPECT_EQ(slot.spare_key, nullptr);
}

TEST(ActiveOpSpare, NotKeptWhenParkingIsRefusedAndDroppedWhenRestartFails) {
  ActiveOp<mech::DigestOperation> slot;
  const mech::KeyRef key = a_key();
  FakeDigest* op = nullptr;
  start(slot, CKM_SHA256, key, false, CKR_OK, &op);
  slot.reset();
  EXPECT_FALSE(slot.spare);

  start(slot, CKM_SHA256, key, true, CKR_MECHANISM_PARAM_INVALID, &op);
  slot.reset();
  CK_MECHANISM m{CKM_SHA256, nullptr, 0};
  mech::MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = key;
  EXPECT_EQ(slot.restart_spare(ctx), nullptr);
  EXPECT_FALSE(slot.spare);
}

TEST(ActiveOpSpare, DiscardAndDropSparesForgetTheKey) {
  Session s(0, CKF_SERIAL_SESSION);
  const mech::KeyRef key = a_key();
  FakeDigest* op = nullptr;
  start(s.digest, CKM_SHA256, key, true, CKR_OK, &op);
  s.digest.reset();
  ASSERT_TRUE(s.digest.spare);
  EXPECT_EQ(key.use_count(), 2);  // the spare holds the snapshot
  s.digest.discard();
  EXPECT_FALSE(s.digest.spare);
  EXPECT_EQ(key.use_count(), 1);

  start(s.digest, CKM_SHA256, key, true, CKR_OK, &op);
  s.digest.reset();
  s.spares_stale = true;
  s.drop_spares();
  EXPECT_FALSE(s.digest.spare);
  EXPECT_EQ(key.use_count(), 1);
  EXPECT_FALSE(s.spares_stale);

  start(s.digest, CKM_SHA256, key, true, CKR_OK, &op);
  s.digest.reset();
  s.cancel_all();
  EXPECT_FALSE(s.digest.spare);
  EXPECT_EQ(key.use_count(), 1);
}

}  // namespace
}  // namespace craton::sessions
