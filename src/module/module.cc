#include "module/module.h"

#include <pthread.h>

#include <atomic>
#include <string>

#include "core/log.h"
#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/crypto.h"
#include "fips/self_tests.h"
#include "mechanisms/families.h"
#include "mechanisms/registry.h"
#include "storage/sqlite_open.h"

namespace craton::module {
namespace {

std::mutex g_lifecycle_mu;  // serialises C_Initialize / C_Finalize
std::atomic<Module*> g_module{nullptr};
std::atomic<ModuleState> g_state{ModuleState::kPowerOff};
std::once_flag g_atfork_once;

// In a forked child the parent's module must not be used: its sessions,
// logins and locks belong to the parent. The child sees "not initialised"
// and may call C_Initialize for a fresh module. The parent's object is
// deliberately leaked in the child (its mutexes may be held mid-call).
void on_fork_child() {
  // The parent's audit writer thread does not exist here: its log object is
  // abandoned (leaked) with the rest of the parent's module.
  g_module.store(nullptr, std::memory_order_release);
  g_state.store(ModuleState::kPowerOff, std::memory_order_release);
}

void on_self_test_failure(const char* what) { Module::enter_error_state(what); }

#ifdef CRATON_TEST_HOOKS
// Fault injection (core/test_hooks.h), read at each C_Initialize only: a
// KAT to corrupt now, one-shot faults armed once the POST has passed.
test_hooks::EnvFaults prepare_fault_injection() {
  test_hooks::EnvFaults faults = test_hooks::read_environment();
  test_hooks::disarm_all();
  fips::testing::clear_corrupted_kats();
  if (!faults.fail_kat.empty() && !fips::testing::corrupt_kat(faults.fail_kat))
    log::warn("CRATON_HSM_TEST_FAIL_KAT names no known-answer test: " + faults.fail_kat);
  return faults;
}
#endif

}  // namespace

Module* Module::current() { return g_module.load(std::memory_order_acquire); }

ModuleState Module::state() { return g_state.load(std::memory_order_acquire); }

void Module::enter_error_state(const char* what) {
  ModuleState previous = g_state.exchange(ModuleState::kError, std::memory_order_acq_rel);
  if (previous == ModuleState::kError) return;
  log::error(std::string("self-test failed, module enters the error state: ") + what);
  // During C_Initialize there is no current module yet: the POST path
  // records its own events.
  if (Module* m = current())
    m->audit({0, "SelfTest", CK_UNAVAILABLE_INFORMATION, CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION,
              CK_INVALID_HANDLE, CKR_GENERAL_ERROR, false, std::string(what) + " failed: error state"});
}

CK_RV rv_in_error_state(CK_RV rv) noexcept {
  return g_state.load(std::memory_order_acquire) == ModuleState::kError ? CKR_GENERAL_ERROR : rv;
}

Status Module::initialize(const InitOptions& options) {
  std::lock_guard<std::mutex> lock(g_lifecycle_mu);
  if (g_module.load() != nullptr) return err(CKR_CRYPTOKI_ALREADY_INITIALIZED);
  std::call_once(g_atfork_once, [] {
    pthread_atfork(nullptr, nullptr, on_fork_child);
    set_self_test_failure_handler(on_self_test_failure);
  });
  g_state.store(ModuleState::kSelfTest, std::memory_order_release);
  auto power_off_on_exit = [](Status st) {
    if (!st.is_ok() && g_state.load() != ModuleState::kError) g_state.store(ModuleState::kPowerOff);
    return st;
  };

  std::string message;
  auto cfg = config::load_config(&message);
  if (!cfg.is_ok()) {
    log::error("configuration rejected: " + message);
    return power_off_on_exit(err(CKR_GENERAL_ERROR));
  }
  log::set_level(cfg->log_level);
  crypto::BackendOptions backend;
  backend.use_fips_provider = cfg->crypto_backend == "openssl-fips";
  if (Status st = crypto::init(backend, &message); !st.is_ok()) {
    log::error("crypto backend: " + message);
    return power_off_on_exit(err(CKR_GENERAL_ERROR));
  }
  mech::Registry::instance();
#ifdef CRATON_TEST_HOOKS
  const test_hooks::EnvFaults faults = prepare_fault_injection();
#endif

  std::unique_ptr<Module> m(new Module(std::move(cfg).value()));
  if (Status st = m->open_audit_log(options.cant_create_threads); !st.is_ok()) {
    crypto::shutdown();
    return power_off_on_exit(st);
  }
  if (Status st = m->open_store(); !st.is_ok()) {
    crypto::shutdown();
    return power_off_on_exit(st);
  }
  for (std::uint32_t slot = 0; slot < m->cfg_.slot_count; ++slot) {
    auto token = std::make_unique<Token>(slot, m->cfg_, *m->store_);
    if (Status st = token->load(); !st.is_ok()) {
      log::error("token of slot " + std::to_string(slot) + " could not be loaded");
      crypto::shutdown();
      return power_off_on_exit(st);
    }
    m->tokens_.push_back(std::move(token));
  }
  // Power-on self-tests before any service (docs/self-tests.md); the store
  // is open so that C_GetTokenInfo can show CKF_ERROR_STATE. A failure leaves
  // the module in the error state: C_Finalize, then C_Initialize.
  fips::SelfTestReport report;
  const bool post_passed = fips::run_power_on_self_tests(&report).is_ok();
  for (const auto& r : report.results) {
    audit::AuditEvent e;
    e.function = "SelfTest";
    e.rv = r.outcome == fips::SelfTestOutcome::kFailed ? CKR_FUNCTION_FAILED : CKR_OK;
    e.detail = r.name + (r.outcome == fips::SelfTestOutcome::kSkipped ? " skipped: " + r.detail : "");
    m->audit(std::move(e));
  }
  if (!post_passed) {
    enter_error_state("power-on self-tests");
    m->audit({0, "C_Initialize", CK_UNAVAILABLE_INFORMATION, CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION,
              CK_INVALID_HANDLE, CKR_GENERAL_ERROR, false, "power-on self-tests failed: error state"});
    g_module.store(m.release(), std::memory_order_release);  // kept so that C_Finalize works
    return err(CKR_GENERAL_ERROR);
  }
  m->audit({0, "C_Initialize", CK_UNAVAILABLE_INFORMATION, CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION,
            CK_INVALID_HANDLE, CKR_OK, false, "power-on self-tests passed"});
  g_module.store(m.release(), std::memory_order_release);
#ifdef CRATON_TEST_HOOKS
  test_hooks::arm(faults);
#endif
  // A conditional test may already have failed during start-up.
  ModuleState expected = ModuleState::kSelfTest;
  g_state.compare_exchange_strong(expected, ModuleState::kInitialized);
  return Status::ok();
}

Status Module::finalize() {
  std::lock_guard<std::mutex> lock(g_lifecycle_mu);
  Module* m = g_module.exchange(nullptr);
  if (m == nullptr) return err(CKR_CRYPTOKI_NOT_INITIALIZED);
  for (auto& [h, s] : m->sessions_.entries()) {
    std::lock_guard<std::mutex> session_lock(s->mutex());
    s->close();  // cached lookups in other threads may outlive the module
  }
  m->sessions_.clear();
  m->audit({0, "C_Finalize", CK_UNAVAILABLE_INFORMATION, CK_INVALID_HANDLE, CK_UNAVAILABLE_INFORMATION,
            CK_INVALID_HANDLE, CKR_OK, false, ""});
  delete m;
  mech::forget_saved_digest_states();  // they hold contexts of the library context freed next
  crypto::shutdown();
  g_state.store(ModuleState::kPowerOff, std::memory_order_release);
  return Status::ok();
}

Status Module::open_audit_log(bool cant_create_threads) {
  audit::AuditConfig ac;
  ac.enabled = cfg_.audit_enabled;
  ac.path = cfg_.audit_log_path();
  ac.synchronous = cant_create_threads;  // CKF_LIBRARY_CANT_CREATE_OS_THREADS
  auto log = audit::AuditLog::open(ac);
  if (!log.is_ok()) {
    log::error("audit log " + ac.path + " could not be opened");
    return err(CKR_GENERAL_ERROR);
  }
  audit_ = std::move(log).value();
  return Status::ok();
}

void Module::audit(audit::AuditEvent event) const {
  if (audit_) audit_->record(std::move(event));
}

Status Module::open_store() {
  if (cfg_.storage_backend == "memory") {
    store_ = storage::make_memory_store();
    return Status::ok();
  }
  std::string message;
  auto store = storage::open_sqlite_store(cfg_.storage_path, &message);
  if (!store.is_ok()) {
    log::error("token store: " + message);
    return store.error();
  }
  store_ = std::move(store).value();
  return Status::ok();
}

// Each thread remembers its last session lookup, valid while the session
// table has not changed since (any open or close changes its version). A
// thread working on its own session then skips the table's shard lock.
// A stale hit is harmless in the same way as a lookup made just before a
// close: enter_session checks `closed` under the session's mutex.
namespace {
struct LastSessionLookup {
  std::uint64_t module_id = 0;
  std::uint64_t table_version = 0;
  CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
  std::shared_ptr<sessions::Session> session;
};
thread_local LastSessionLookup t_last_session;
std::atomic<std::uint64_t> g_module_instances{0};
}  // namespace

Module::Module(config::Config cfg) : cfg_(std::move(cfg)), instance_id_(++g_module_instances) {}

Result<std::shared_ptr<sessions::Session>> Module::session(CK_SESSION_HANDLE h) const {
  LastSessionLookup& last = t_last_session;
  const std::uint64_t version = sessions_.version();  // read before find(): a later change forces a refresh
  if (last.handle == h && last.module_id == instance_id_ && last.table_version == version && last.session)
    return last.session;
  auto s = sessions_.find(h);
  if (!s) return err(CKR_SESSION_HANDLE_INVALID);
  last.module_id = instance_id_;
  last.table_version = version;
  last.handle = h;
  last.session = s;
  return s;
}

void Module::forget_spares(CK_SLOT_ID slot, const sessions::Session* held) {
  for (auto& [h, s] : sessions_.entries()) {
    if (s->slot() != slot || s.get() == held) continue;
    s->spares_stale.store(true, std::memory_order_release);
    std::unique_lock lock(s->mutex(), std::try_to_lock);
    if (lock.owns_lock()) s->drop_spares();  // busy: it sees the flag at its next call
  }
}

Status Module::close_session(CK_SESSION_HANDLE h) {
  auto s = sessions_.erase(h);
  if (!s) return err(CKR_SESSION_HANDLE_INVALID);
  Token* t = token(s->slot());
  {
    // Wait for a call running on the session, and stop any that found the
    // handle before the erase: only then can no new session object appear.
    std::lock_guard<std::mutex> lock(s->mutex());
    s->close();  // a thread's cached lookup may keep the object: keep no keys in it
  }
  // Other sessions may keep spares made with those objects (a scan of the
  // session table: only when there were any).
  if (s->made_objects.load(std::memory_order_relaxed) && t->destroy_session_objects(h) != 0) forget_spares(s->slot());
  if (s->read_write()) t->rw_session_count.fetch_sub(1);
  // Closing the last session of a token logs it out (PKCS#11 section 5.6).
  if (t->session_count.fetch_sub(1) == 1 && t->login_state() != LoginState::kPublic) (void)t->logout();
  return Status::ok();
}

void Module::close_all_sessions(CK_SLOT_ID slot) {
  for (auto& [h, s] : sessions_.entries())
    if (s->slot() == slot) (void)close_session(h);
}

bool Module::has_sessions(CK_SLOT_ID slot) const {
  for (auto& [h, s] : sessions_.entries())
    if (s->slot() == slot) return true;
  return false;
}

bool Module::has_ro_sessions(CK_SLOT_ID slot) const {
  for (auto& [h, s] : sessions_.entries())
    if (s->slot() == slot && !s->read_write()) return true;
  return false;
}

}  // namespace craton::module
