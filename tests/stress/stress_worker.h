// Concurrency stress: the work one thread does on the shared token, and the
// bookkeeping that decides whether a return code was legitimate.
//
// Under races some failures are correct: another thread's C_Logout (or a
// C_CloseAllSessions, which logs out when it closes the last session) makes
// private objects invisible, and C_CloseAllSessions invalidates our session.
// Such an outcome is accepted only if an event that explains it really
// started after the state it contradicts was established; each event kind
// has a started/finished counter pair for that. Any other code, or a wrong
// result from a successful call, is a failure.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <string>
#include <vector>

#include "craton/pkcs11/pkcs11.h"

namespace craton::stress {

using Bytes = std::vector<unsigned char>;

// Event counters: `started` is bumped before the call, `finished` after it.
struct EventCounter {
  std::atomic<std::uint64_t> started{0};
  std::atomic<std::uint64_t> finished{0};
};

struct Shared {
  CK_FUNCTION_LIST_3_2* f = nullptr;
  CK_SLOT_ID slot = 0;
  CK_OBJECT_HANDLE ec_priv = CK_INVALID_HANDLE;  // token key pair, shared by all threads
  CK_OBJECT_HANDLE ec_pub = CK_INVALID_HANDLE;
  Bytes ec_point;  // CKA_EC_POINT of ec_pub, read once at set-up
  Bytes ec_id{0x5e, 0x11, 0xed};  // CKA_ID of the pair: how workers find ec_priv again after a logout
  EventCounter logouts;    // C_Logout and C_CloseAllSessions (an implicit logout)
  EventCounter close_all;  // C_CloseAllSessions
  // A session held open outside the workers, so that the session count of
  // the token never reaches zero (which would log out) except inside a
  // C_CloseAllSessions; the closer reopens it. Workers close their own
  // sessions under a shared lock so that no C_CloseSession overlaps that
  // window (its implicit logout could otherwise happen after the window).
  std::shared_mutex close_gate;
  CK_SESSION_HANDLE anchor = CK_INVALID_HANDLE;

  std::mutex errors_mu;
  std::vector<std::string> errors;  // the first few failures, for the report
  std::atomic<std::uint64_t> error_count{0};
  void fail(const std::string& what);
};

struct Plan {
  int iterations = 20;
  int close_all_every = 0;  // worker 0 calls C_CloseAllSessions every N iterations (0 = never)
  int logout_one_in = 6;    // chance 1/N that a worker logs out at the end of an iteration
  bool crypto = true;       // sign/verify and AES-GCM
};

class Worker {
 public:
  Worker(Shared& shared, int id, const Plan& plan);
  void run();
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }

 private:
  // kSkip: logged out by another thread (skip this step); kGone: the session was
  // closed by another thread, or a failure was recorded (end the iteration).
  enum class Outcome { kOk, kSkip, kGone };
  struct CallRules {
    bool login_sensitive = false;  // may fail because another thread logged out
    bool session_object = false;   // names a session object (dies with a closed session)
  };

  void iteration(int i);
  bool open_and_login();
  void close_session();
  Outcome check(const char* what, CK_RV rv, CK_RV expected, CallRules rules);
  bool session_gone_ok(CK_RV rv, bool session_object) const;
  bool logged_out_ok(CK_RV rv) const;

  Outcome create_data_objects();
  Outcome find_and_compare();
  Outcome sign_verify();
  Outcome refresh_private_key();
  Outcome aes_gcm_round_trip();
  Outcome random_bytes();
  Outcome destroy_some();
  Outcome update_and_read();
  void maybe_logout();
  void close_all();

  CK_FUNCTION_LIST_3_2* f() const { return sh_.f; }
  Bytes random_data(std::size_t min, std::size_t max);
  void count(const std::string& key) { ++counts_[key]; }

  Shared& sh_;
  const int id_;
  const Plan plan_;
  std::mt19937 rng_;  // test scheduling only: not key material
  std::string label_;
  std::map<std::string, std::uint64_t> counts_;

  std::vector<CK_OBJECT_HANDLE> token_objects_;    // my live token objects
  std::map<CK_OBJECT_HANDLE, std::string> values_;  // CKA_VALUE of each of my objects
  std::vector<CK_OBJECT_HANDLE> session_objects_;  // my objects of the current session
  std::vector<CK_OBJECT_HANDLE> orphan_candidates_;  // session objects of sessions a close-all ended
  CK_SESSION_HANDLE session_ = CK_INVALID_HANDLE;
  bool rw_ = false;
  CK_OBJECT_HANDLE aes_key_ = CK_INVALID_HANDLE;
  // C_Logout invalidates handles to private objects for good and destroys
  // private session objects (PKCS#11): a private handle is only used while
  // no logout has started since it was obtained (logouts.started then).
  CK_OBJECT_HANDLE ec_priv_ = CK_INVALID_HANDLE;
  std::uint64_t ec_priv_epoch_ = ~std::uint64_t{0};
  std::uint64_t aes_key_epoch_ = ~std::uint64_t{0};
  std::uint64_t close_all_seen_ = 0;  // close_all.finished read before the session was opened
  std::uint64_t logouts_seen_ = 0;    // logouts.finished read before our last C_Login
  Bytes last_random_;
  std::uint64_t data_serial_ = 0;
};

}  // namespace craton::stress
