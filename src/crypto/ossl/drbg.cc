// The approved DRBG: SP 800-90A HMAC_DRBG (HMAC-SHA-256), one instance per
// thread, with two interchangeable cores behind DrbgCore:
//
//  - OwnCore (default backend): the hand-written HMAC_DRBG of hmac_drbg.cc,
//    seeded straight from the operating system (getrandom(): 32 bytes of
//    entropy input per (re)seed, plus a 16-byte nonce at instantiation).
//  - EvpCore (crypto_backend = "openssl-fips"): the FIPS provider's own
//    EVP_RAND "HMAC-DRBG", chained to its own seed source instance
//    ("SEED-SRC" where available), so the validated DRBG stays the
//    provider's.
//
// A request asks for prediction resistance (a reseed from fresh entropy
// before it is served) when the caller says so: key generation does
// (crypto::random_bytes_for_key). Other requests (IVs, nonces,
// C_GenerateRandom) are served from the current state, which is reseeded
// after kReseedRequests generate calls or kReseedSeconds seconds, whichever
// comes first (SP 800-90A 9.3.1 makes prediction resistance a per-request
// choice; the reseed interval bounds the output between reseeds).
//
// Continuous health test: every output block (32 bytes, the HMAC output
// size) is compared with the block before it from the same instance; the
// first block after instantiation is generated for that comparison only.
// Requests are therefore served in whole blocks.
//
// Instances, cores and the small-request pool are allocated from the locked
// CSP arena (core/locked_pool.h) and wiped when freed.
#include "crypto/drbg.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/test_hooks.h"
#include "crypto/ossl/internal/drbg_internal.h"
#include "crypto/ossl/internal/handles.h"
#include "crypto/ossl/internal/hmac_drbg.h"

namespace craton::crypto {
namespace {

using EvpRandPtr = std::unique_ptr<EVP_RAND, ossl::Deleter<EVP_RAND_free>>;
using EvpRandCtxPtr = std::unique_ptr<EVP_RAND_CTX, ossl::Deleter<EVP_RAND_CTX_free>>;

constexpr std::size_t kBlock = kDrbgBlockSize;
constexpr std::size_t kMaxRequest = std::size_t{1} << 16;  // SP 800-90A: at most 2^19 bits per request
constexpr std::size_t kStackRequest = 1024;  // odd-sized requests up to this size take one generate call
constexpr unsigned kReseedRequests = 1024;    // reseed after this many generate calls (SP 800-90A allows 2^48)
// Requests of at most kPoolTake bytes without prediction resistance (IVs,
// nonces, unique-id prefixes, small C_GenerateRandom calls) are served from
// kPoolSize bytes generated ahead in one call: HMAC_DRBG pays a fixed cost
// per generate call (the closing HMAC_DRBG_Update: two HMACs and a re-key;
// OpenSSL's three EVP_MAC re-keyings made a 32-byte request cost ~1.3 us).
// The pool is wiped as it is handed out and with its instance (thread exit,
// fork, shutdown, failure).
constexpr std::size_t kPoolTake = 8 * kBlock;   // 256 bytes
constexpr std::size_t kPoolSize = 64 * kBlock;  // 2 KiB per thread
constexpr std::uint64_t kReseedSeconds = 60;  // ... or after this long
constexpr std::size_t kOsEntropy = 32;        // entropy input per (re)seed: security strength 256
constexpr std::size_t kOsNonce = 16;          // nonce at instantiation: half the strength

std::atomic<std::uint64_t> g_serial{0};
std::atomic<bool> g_force_provider{false};  // testing::use_provider_drbg

// The provider's DRBG under the FIPS provider (or when a test asks for it),
// our own core otherwise.
bool use_provider_core() {
  return ossl::fips_provider_active() || g_force_provider.load(std::memory_order_relaxed);
}
thread_local bool t_force_repeat = false;

std::size_t round_up(std::size_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

// DRBG state is a CSP: these objects live in the locked arena, wiped on free.
struct LockedAlloc {
  static void* operator new(std::size_t n) { return locked_allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept { locked_deallocate(p, n); }
};

// One SP 800-90A mechanism instance with its entropy source.
class DrbgCore : public LockedAlloc {
 public:
  virtual ~DrbgCore() = default;
  virtual Status instantiate(ByteView personalization) = 0;
  // SP 800-90A 9.3.1 generate; out.size() at most kMaxRequest.
  virtual Status generate(MutableByteView out, ByteView additional, bool prediction_resistance) = 0;
  // (Re)seeds from the entropy source so far.
  virtual Result<std::uint64_t> reseed_count() const = 0;
};

// --- EvpCore: the provider's HMAC-DRBG (FIPS backend) ------------------------

class EvpCore final : public DrbgCore {
 public:
  static Result<std::unique_ptr<DrbgCore>> create(EvpRandCtxPtr seed_source);
  Status instantiate(ByteView personalization) override;
  Status generate(MutableByteView out, ByteView additional, bool prediction_resistance) override;
  Result<std::uint64_t> reseed_count() const override;

 private:
  EvpCore(EvpRandCtxPtr seed_source, EvpRandCtxPtr drbg)
      : seed_source_(std::move(seed_source)), drbg_(std::move(drbg)) {}
  EvpRandCtxPtr seed_source_;  // may be null: then the provider's own entropy source is used
  EvpRandCtxPtr drbg_;
};

Result<std::unique_ptr<DrbgCore>> EvpCore::create(EvpRandCtxPtr seed_source) {
  EvpRandPtr rand(EVP_RAND_fetch(ossl::libctx(), "HMAC-DRBG", nullptr));
  if (!rand) return ossl::drain(CKR_FUNCTION_FAILED);
  EvpRandCtxPtr drbg(EVP_RAND_CTX_new(rand.get(), seed_source.get()));
  if (!drbg) return ossl::drain(CKR_FUNCTION_FAILED);
  unsigned reseed_requests = kReseedRequests;
  time_t reseed_seconds = static_cast<time_t>(kReseedSeconds);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_MAC, const_cast<char*>("HMAC"), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_DIGEST, const_cast<char*>("SHA2-256"), 0),
      OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &reseed_requests),
      OSSL_PARAM_construct_time_t(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &reseed_seconds),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_RAND_CTX_set_params(drbg.get(), params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return std::unique_ptr<DrbgCore>(new EvpCore(std::move(seed_source), std::move(drbg)));
}

Status EvpCore::instantiate(ByteView personalization) {
  if (EVP_RAND_instantiate(drbg_.get(), kDrbgStrength, /*prediction_resistance=*/1, personalization.data(),
                           personalization.size(), nullptr) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status EvpCore::generate(MutableByteView out, ByteView additional, bool prediction_resistance) {
  if (EVP_RAND_generate(drbg_.get(), out.data(), out.size(), kDrbgStrength, prediction_resistance ? 1 : 0,
                        additional.data(), additional.size()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<std::uint64_t> EvpCore::reseed_count() const {
  unsigned int count = 0;
  OSSL_PARAM params[] = {OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_COUNTER, &count),
                         OSSL_PARAM_construct_end()};
  if (EVP_RAND_CTX_get_params(drbg_.get(), params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return std::uint64_t{count};
}

// --- OwnCore: hmac_drbg.cc seeded from the OS (default backend) -------------

// Where getrandom() does not exist or a seccomp filter refuses it (old
// kernels, some container runtimes): the same kernel source, by its file.
Status read_urandom(MutableByteView out) {
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return err(CKR_FUNCTION_FAILED);
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got == out.size()) return Status::ok();
  secure_wipe(out.data(), out.size());
  return err(CKR_FUNCTION_FAILED);
}

// getrandom() without flags blocks until the kernel pool is initialised,
// then never blocks; it may return short reads or EINTR.
Status read_os_entropy(MutableByteView out) {
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = getrandom(out.data() + got, out.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == ENOSYS || errno == EPERM)) return read_urandom(out);
    if (n <= 0) {
      secure_wipe(out.data(), out.size());
      return err(CKR_FUNCTION_FAILED);
    }
    got += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

std::uint64_t monotonic_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec);
}

class OwnCore final : public DrbgCore {
 public:
  // With no test inputs entropy and nonce come from the OS. Known-answer
  // tests pass the inputs in the order they are consumed: entropy, nonce,
  // then one entropy input per reseed (and no time-based reseeds).
  explicit OwnCore(std::vector<ByteView> test_inputs = {})
      : drbg_(kReseedRequests), test_inputs_(std::move(test_inputs)) {}
  ~OwnCore() override { secure_wipe(os_buf_.data(), os_buf_.size()); }
  Status instantiate(ByteView personalization) override;
  Status generate(MutableByteView out, ByteView additional, bool prediction_resistance) override;
  Result<std::uint64_t> reseed_count() const override { return seeds_; }

 private:
  bool kat_mode() const { return !test_inputs_.empty(); }
  // Valid until the next call; os_buf_ is wiped by the caller after use.
  Result<ByteView> entropy_input(std::size_t os_bytes);
  Status reseed(ByteView additional);

  ossl::HmacDrbg drbg_;
  std::vector<ByteView> test_inputs_;
  std::size_t next_test_ = 0;
  std::array<std::uint8_t, kOsEntropy + kOsNonce> os_buf_{};
  std::uint64_t seeds_ = 0;
  std::uint64_t seeded_at_ = 0;
};

Result<ByteView> OwnCore::entropy_input(std::size_t os_bytes) {
  if (kat_mode()) {
    if (next_test_ == test_inputs_.size()) return err(CKR_FUNCTION_FAILED);
    return test_inputs_[next_test_++];
  }
  const MutableByteView buf(os_buf_.data(), os_bytes);
  TRY_STATUS(read_os_entropy(buf));
  return ByteView(buf);
}

Status OwnCore::instantiate(ByteView personalization) {
  ByteView entropy, nonce;
  if (kat_mode()) {
    TRY_ASSIGN(entropy, entropy_input(0));
    TRY_ASSIGN(nonce, entropy_input(0));
  } else {
    TRY_ASSIGN(ByteView both, entropy_input(kOsEntropy + kOsNonce));  // one system call
    entropy = both.first(kOsEntropy);
    nonce = both.subspan(kOsEntropy);
  }
  Status st = drbg_.instantiate(entropy, nonce, personalization);
  secure_wipe(os_buf_.data(), os_buf_.size());
  TRY_STATUS(st);
  seeds_ = 1;
  seeded_at_ = monotonic_seconds();
  return Status::ok();
}

Status OwnCore::reseed(ByteView additional) {
  TRY_ASSIGN(ByteView entropy, entropy_input(kOsEntropy));
  Status st = drbg_.reseed(entropy, additional);
  secure_wipe(os_buf_.data(), os_buf_.size());
  TRY_STATUS(st);
  ++seeds_;
  seeded_at_ = monotonic_seconds();
  return Status::ok();
}

// SP 800-90A 9.3.1: a reseed (requested, or required by the interval)
// consumes the additional input; the generate then runs with Null.
Status OwnCore::generate(MutableByteView out, ByteView additional, bool prediction_resistance) {
  const bool stale = !kat_mode() && monotonic_seconds() - seeded_at_ >= kReseedSeconds;
  if (prediction_resistance || stale) {
    TRY_STATUS(reseed(additional));
    additional = {};
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    switch (drbg_.generate(out, additional)) {
      case ossl::HmacDrbg::Outcome::kOk:
        return Status::ok();
      case ossl::HmacDrbg::Outcome::kReseedRequired:
        TRY_STATUS(reseed(additional));
        additional = {};
        break;
      case ossl::HmacDrbg::Outcome::kInvalid:
        return err(CKR_FUNCTION_FAILED);
    }
  }
  return err(CKR_FUNCTION_FAILED);
}

// --- The instance: a core, the pool and the continuous test ----------------

class DrbgInstance : public LockedAlloc {
 public:
  explicit DrbgInstance(std::unique_ptr<DrbgCore> core) : core_(std::move(core)), serial_(++g_serial) {}
  DrbgInstance(const DrbgInstance&) = delete;
  DrbgInstance& operator=(const DrbgInstance&) = delete;
  ~DrbgInstance() {
    secure_wipe(last_.data(), last_.size());
    secure_wipe(pool_.data(), pool_.size());
  }

  Status instantiate(ByteView personalization) { return core_->instantiate(personalization); }
  // out.size(): a multiple of kBlock, at most kMaxRequest.
  Status generate(MutableByteView out, ByteView additional, bool prediction_resistance);
  std::uint64_t serial() const { return serial_; }
  Result<std::uint64_t> reseed_count() const { return core_->reseed_count(); }
  // Serves out.size() <= kPoolTake bytes from the pool, refilling it first
  // when it holds fewer.
  Status take_from_pool(MutableByteView out);

 private:
  Status continuous_test(MutableByteView out);

  std::unique_ptr<DrbgCore> core_;
  std::array<std::uint8_t, kBlock> last_{};
  bool have_last_ = false;
  std::array<std::uint8_t, kPoolSize> pool_{};
  std::size_t pool_left_ = 0;  // unread bytes at the end of pool_
  std::uint64_t serial_;
};

Status DrbgInstance::generate(MutableByteView out, ByteView additional, bool prediction_resistance) {
  if (Status st = core_->generate(out, additional, prediction_resistance); !st.is_ok()) {
    secure_wipe(out.data(), out.size());
    return st;
  }
  if (have_last_ && (t_force_repeat || test_hooks::take_drbg_repeat())) {  // force_next_drbg_repeat / test hook
    t_force_repeat = false;
    std::memcpy(out.data(), last_.data(), kBlock);
  }
  return continuous_test(out);
}

Status DrbgInstance::take_from_pool(MutableByteView out) {
  if (pool_left_ < out.size()) {
    pool_left_ = 0;
    TRY_STATUS(generate(pool_, {}, false));  // wipes pool_ on failure
    pool_left_ = pool_.size();
  }
  std::uint8_t* src = pool_.data() + (pool_.size() - pool_left_);
  std::memcpy(out.data(), src, out.size());
  secure_wipe(src, out.size());
  pool_left_ -= out.size();
  return Status::ok();
}

Status DrbgInstance::continuous_test(MutableByteView out) {
  const std::uint8_t* previous = have_last_ ? last_.data() : nullptr;
  bool repeated = false;
  for (std::size_t off = 0; off < out.size(); off += kBlock) {
    const ByteView block(out.data() + off, kBlock);
    // Constant time: how much of two outputs agree is itself secret.
    if (previous != nullptr && constant_time_equal(block, ByteView(previous, kBlock))) repeated = true;
    previous = block.data();
  }
  std::memcpy(last_.data(), out.data() + out.size() - kBlock, kBlock);
  have_last_ = true;
  if (!repeated) return Status::ok();
  secure_wipe(out.data(), out.size());
  craton::report_self_test_failure("HMAC_DRBG continuous health test: an output block repeated the previous one");
  return err(CKR_FUNCTION_FAILED);
}

// The production seed source. Without a "SEED-SRC" implementation in the
// library context the DRBG has no parent and asks its provider for entropy.
Result<EvpRandCtxPtr> new_seed_source() {
  EvpRandPtr rand(EVP_RAND_fetch(ossl::libctx(), "SEED-SRC", nullptr));
  if (!rand) {
    ERR_clear_error();
    return EvpRandCtxPtr();
  }
  EvpRandCtxPtr src(EVP_RAND_CTX_new(rand.get(), nullptr));
  if (!src || EVP_RAND_instantiate(src.get(), 0, 0, nullptr, 0, nullptr) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return src;
}

// Process, thread, instance number and time: distinct for every instance
// even before any entropy is mixed in (SP 800-90A 8.7.1).
std::array<std::uint64_t, 5> personalization(std::uint64_t serial) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return {static_cast<std::uint64_t>(getpid()), static_cast<std::uint64_t>(pthread_self()), serial,
          static_cast<std::uint64_t>(ts.tv_sec), static_cast<std::uint64_t>(ts.tv_nsec)};
}

// The core for the current backend: the FIPS provider's DRBG under
// "openssl-fips", our own HMAC_DRBG otherwise.
Result<std::unique_ptr<DrbgCore>> new_production_core() {
  if (!use_provider_core()) return std::unique_ptr<DrbgCore>(new OwnCore());
  TRY_ASSIGN(EvpRandCtxPtr source, new_seed_source());
  return EvpCore::create(std::move(source));
}

// Instantiates `inst` and draws the first block, kept for the continuous
// test only.
Status start_instance(DrbgInstance& inst, ByteView personalization) {
  TRY_STATUS(inst.instantiate(personalization));
  std::array<std::uint8_t, kBlock> first{};
  Status st = inst.generate(first, {}, false);
  secure_wipe(first.data(), first.size());
  return st;
}

Result<std::unique_ptr<DrbgInstance>> new_production_instance() {
  TRY_ASSIGN(std::unique_ptr<DrbgCore> core, new_production_core());
  auto inst = std::make_unique<DrbgInstance>(std::move(core));
  const auto pers = personalization(inst->serial());
  TRY_STATUS(start_instance(*inst, ByteView(reinterpret_cast<const std::uint8_t*>(pers.data()), sizeof(pers))));
  return inst;
}

// --- Per-thread instances ---------------------------------------------------

struct ThreadSlot;

// Every live slot, so shutdown can free all instances. Locked only when an
// instance is made or dropped and at thread exit, never per request.
struct Registry {
  std::mutex mu;
  std::unordered_set<ThreadSlot*> slots;
};
Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: threads may exit after static destructors
  return *r;
}

// Bumped in a forked child: instances copied from the parent are replaced.
std::atomic<std::uint64_t> g_generation{1};

struct ThreadSlot {
  std::unique_ptr<DrbgInstance> inst;  // changed only under registry().mu
  std::uint64_t generation = 0;
  OSSL_LIB_CTX* libctx = nullptr;
  bool fips = false;  // use_provider_core() when the instance was made

  ThreadSlot() {
    std::lock_guard lock(registry().mu);
    registry().slots.insert(this);
  }
  ~ThreadSlot() {
    std::lock_guard lock(registry().mu);
    registry().slots.erase(this);
    inst.reset();
  }
  void replace(std::unique_ptr<DrbgInstance> next) {
    std::unique_ptr<DrbgInstance> old;
    {
      std::lock_guard lock(registry().mu);
      old = std::move(inst);
      inst = std::move(next);
    }
  }
};

void atfork_prepare() { registry().mu.lock(); }
void atfork_parent() { registry().mu.unlock(); }
void atfork_child() {
  registry().mu.unlock();
  g_generation.fetch_add(1, std::memory_order_relaxed);
}

ThreadSlot& thread_slot() {
  thread_local ThreadSlot slot;
  return slot;
}

Result<DrbgInstance*> thread_instance() {
  static std::once_flag atfork_once;
  std::call_once(atfork_once, [] { pthread_atfork(atfork_prepare, atfork_parent, atfork_child); });
  ThreadSlot& slot = thread_slot();
  const std::uint64_t generation = g_generation.load(std::memory_order_relaxed);
  const bool fips = use_provider_core();
  if (slot.inst && slot.generation == generation && slot.libctx == ossl::libctx() && slot.fips == fips)
    return slot.inst.get();
  slot.replace(nullptr);
  TRY_ASSIGN(std::unique_ptr<DrbgInstance> inst, new_production_instance());
  slot.generation = generation;
  slot.libctx = ossl::libctx();
  slot.fips = fips;
  slot.replace(std::move(inst));
  return slot.inst.get();
}

// Serves `out` in whole blocks: directly when it is a multiple of the block
// size, otherwise through a wiped buffer (one generate call up to 1 KiB).
// With prediction resistance only the first generate call reseeds: the
// request is one request of the caller's, served in parts.
Status fill(DrbgInstance& inst, MutableByteView out, bool prediction_resistance) {
  bool pr = prediction_resistance;
  auto take_pr = [&pr] { return std::exchange(pr, false); };
  const std::size_t whole = out.size() - out.size() % kBlock;
  if (whole != out.size() && out.size() <= kStackRequest) {
    std::array<std::uint8_t, kStackRequest> buf;
    const std::size_t n = round_up(out.size());
    Status st = inst.generate(MutableByteView(buf.data(), n), {}, take_pr());
    if (st.is_ok()) std::memcpy(out.data(), buf.data(), out.size());
    secure_wipe(buf.data(), n);
    return st;
  }
  for (std::size_t off = 0; off < whole; off += kMaxRequest)
    TRY_STATUS(inst.generate(out.subspan(off, std::min(kMaxRequest, whole - off)), {}, take_pr()));
  if (whole == out.size()) return Status::ok();
  std::array<std::uint8_t, kBlock> tail;
  Status st = inst.generate(tail, {}, take_pr());
  if (st.is_ok()) std::memcpy(out.data() + whole, tail.data(), out.size() - whole);
  secure_wipe(tail.data(), tail.size());
  return st;
}

Status set_test_entropy(EVP_RAND_CTX* test_rand, ByteView entropy, const ByteView* nonce) {
  OSSL_PARAM params[3] = {
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, const_cast<std::uint8_t*>(entropy.data()),
                                        entropy.size()),
      OSSL_PARAM_construct_end(), OSSL_PARAM_construct_end()};
  if (nonce != nullptr)
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_NONCE, const_cast<std::uint8_t*>(nonce->data()),
                                                  nonce->size());
  if (EVP_RAND_CTX_set_params(test_rand, params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

// TEST-RAND from the module's library context, else from OpenSSL's default
// context (a FIPS-provider context has no test source of its own).
Result<EvpRandCtxPtr> new_test_source() {
  EvpRandPtr rand(EVP_RAND_fetch(ossl::libctx(), "TEST-RAND", nullptr));
  if (!rand) {
    ERR_clear_error();
    rand.reset(EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr));
  }
  if (!rand) return ossl::drain(CKR_FUNCTION_FAILED);
  EvpRandCtxPtr src(EVP_RAND_CTX_new(rand.get(), nullptr));
  if (!src) return ossl::drain(CKR_FUNCTION_FAILED);
  unsigned int strength = kDrbgStrength;
  OSSL_PARAM params[] = {OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength), OSSL_PARAM_construct_end()};
  if (EVP_RAND_CTX_set_params(src.get(), params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return src;
}

}  // namespace

Status drbg_generate(MutableByteView out, bool prediction_resistance) {
  if (out.empty()) return Status::ok();
  TRY_ASSIGN(DrbgInstance * inst, thread_instance());
  const bool pooled = !prediction_resistance && out.size() <= kPoolTake && !t_force_repeat;
  Status st = pooled ? inst->take_from_pool(out) : fill(*inst, out, prediction_resistance);
  if (!st.is_ok()) {
    secure_wipe(out.data(), out.size());
    thread_slot().replace(nullptr);  // a failed instance is never used again
  }
  return st;
}

Status drbg_known_answer(const DrbgKnownAnswerInput& in, MutableByteView out) {
  if (out.empty() || out.size() % kBlock != 0 || out.size() > kMaxRequest) return err(CKR_ARGUMENTS_BAD);
  // The same core the current backend uses in production, fed the given
  // inputs instead of its entropy source.
  std::unique_ptr<DrbgCore> core;
  EVP_RAND_CTX* test_rand = nullptr;  // EvpCore only; the core keeps it alive
  if (use_provider_core()) {
    TRY_ASSIGN(EvpRandCtxPtr source, new_test_source());
    test_rand = source.get();
    TRY_STATUS(set_test_entropy(test_rand, in.entropy, &in.nonce));
    TRY_ASSIGN(core, EvpCore::create(std::move(source)));
  } else {
    core.reset(new OwnCore({in.entropy, in.nonce, in.entropy_1, in.entropy_2}));
  }
  auto inst = std::make_unique<DrbgInstance>(std::move(core));
  TRY_STATUS(inst->instantiate(in.personalization));
  if (test_rand != nullptr) TRY_STATUS(set_test_entropy(test_rand, in.entropy_1, nullptr));
  SecureBytes first(out.size());
  TRY_STATUS(inst->generate(first, in.additional_1, true));
  if (test_rand != nullptr) TRY_STATUS(set_test_entropy(test_rand, in.entropy_2, nullptr));
  return inst->generate(out, in.additional_2, true);
}

namespace ossl {
void drbg_release_all() {
  std::lock_guard lock(registry().mu);
  for (ThreadSlot* slot : registry().slots) slot->inst.reset();
}
}  // namespace ossl

namespace testing {
void force_next_drbg_repeat() { t_force_repeat = true; }
void use_provider_drbg(bool on) { g_force_provider.store(on, std::memory_order_relaxed); }

Result<std::uint64_t> drbg_instance_serial() {
  TRY_ASSIGN(DrbgInstance * inst, thread_instance());
  return inst->serial();
}

Result<std::uint64_t> drbg_reseed_count() {
  TRY_ASSIGN(DrbgInstance * inst, thread_instance());
  return inst->reseed_count();
}
}  // namespace testing

}  // namespace craton::crypto
