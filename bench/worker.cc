#include "worker.h"

#include <openssl/crypto.h>

#include <map>
#include <memory>

#include "channel.h"
#include "libcrypto_floor.h"
#include "measure.h"
#include "module_loader.h"
#include "operations.h"
#include "threads.h"

namespace bench {
namespace {

class Target {
 public:
  virtual ~Target() = default;
  virtual Json info() = 0;
  // thread < 0: the main session; else the thread's own session.
  virtual std::unique_ptr<Runner> make(const OpInstance& op, int thread) = 0;
  virtual void populate(std::size_t, bool /*token*/) {}
};

class FloorTarget final : public Target {
 public:
  Json info() override { return {{"kind", "libcrypto"}, {"version", OpenSSL_version(OPENSSL_VERSION)}}; }
  std::unique_ptr<Runner> make(const OpInstance& op, int) override { return make_floor_runner(op.spec->base); }
};

std::set<CK_MECHANISM_TYPE> mechanism_set(CK_FUNCTION_LIST* f, CK_SLOT_ID slot) {
  CK_ULONG n = 0;
  check(f->C_GetMechanismList(slot, nullptr, &n), "C_GetMechanismList");
  std::vector<CK_MECHANISM_TYPE> v(n);
  check(f->C_GetMechanismList(slot, v.data(), &n), "C_GetMechanismList");
  return {v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::string version(CK_VERSION v) { return std::to_string(v.major) + "." + std::to_string(v.minor); }

class ModuleTarget final : public Target {
 public:
  ModuleTarget(const WorkerSpec& spec) {
    dir_ = prepare_environment(guess_kind(spec.name, spec.path), spec.token);
    module_ = load_module(spec.path);
    ctx_.module = &module_;
    ctx_.slot = init_token(module_.f);
    ctx_.main_session = open_user_session(module_.f, ctx_.slot);
    ctx_.mechanisms = mechanism_set(module_.f, ctx_.slot);
    keys_ = std::make_unique<KeyStore>(module_.f, ctx_.main_session);
    ctx_.keys = keys_.get();
  }
  ~ModuleTarget() override {
    finalize_module(module_);
    remove_temp_dir(dir_);
  }
  Json info() override {
    const CK_INFO& i = module_.info;
    return {{"kind", "pkcs11"},
            {"path", module_.path},
            {"manufacturer", padded_field(i.manufacturerID, sizeof i.manufacturerID)},
            {"description", padded_field(i.libraryDescription, sizeof i.libraryDescription)},
            {"library_version", version(i.libraryVersion)},
            {"cryptoki_version", version(i.cryptokiVersion)},
            {"interface_3_2", module_.f32 != nullptr},
            {"mechanisms", ctx_.mechanisms.size()}};
  }
  std::unique_ptr<Runner> make(const OpInstance& op, int thread) override {
    return make_module_runner(ctx_, op, thread < 0 ? ctx_.main_session : thread_session(thread));
  }
  void populate(std::size_t n, bool token) override { populate_find_objects(ctx_, n, token); }

 private:
  CK_SESSION_HANDLE thread_session(int i) {
    while (static_cast<int>(sessions_.size()) <= i) {
      CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
      check(module_.f->C_OpenSession(ctx_.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s),
            "C_OpenSession");
      sessions_.push_back(s);
    }
    return sessions_[static_cast<std::size_t>(i)];
  }

  std::string dir_;
  LoadedModule module_;
  ModuleContext ctx_;
  std::unique_ptr<KeyStore> keys_;
  std::vector<CK_SESSION_HANDLE> sessions_;
};

OpInstance instance(const Json& cmd) {
  const OpSpec* spec = find_spec(cmd.at("op").get<std::string>());
  if (spec == nullptr) throw std::runtime_error("unknown operation");
  return OpInstance{spec, cmd.value("variant", std::string())};
}

// Runs `fn`, mapping exceptions to the status the driver reports.
template <typename Fn>
Json guarded(Fn fn) {
  try {
    return fn();
  } catch (const NotAvailable& e) {
    return {{"status", "n/a"}, {"reason", e.what()}};
  } catch (const std::exception& e) {
    return {{"status", "failed"}, {"reason", e.what()}};
  }
}

class Worker {
 public:
  explicit Worker(const WorkerSpec& spec) : spec_(spec) {}

  Json handle(const Json& cmd) {
    const std::string c = cmd.at("cmd").get<std::string>();
    if (c == "hello") return hello();
    if (c == "prepare") return prepare(cmd);
    if (c == "round") return round(cmd);
    if (c == "populate") {
      return guarded([&]() -> Json {
        const std::string op = cmd.value("op", "");
        const bool token = op.size() > 6 && op.compare(op.size() - 6, 6, "-token") == 0;
        target_->populate(cmd.at("count").get<std::size_t>(), token);
        return {{"status", "ok"}};
      });
    }
    if (c == "parallel") return parallel(cmd);
    return {{"status", "failed"}, {"reason", "unknown command " + c}};
  }

 private:
  Json hello() {
    return guarded([&]() -> Json {
      if (spec_.floor) target_ = std::make_unique<FloorTarget>();
      else target_ = std::make_unique<ModuleTarget>(spec_);
      return {{"status", "ok"}, {"info", target_->info()}};
    });
  }

  Json prepare(const Json& cmd) {
    const OpInstance op = instance(cmd);
    return guarded([&]() -> Json {
      auto r = target_->make(op, -1);
      const Calibration cal = calibrate(*r, cmd.at("warmup").get<double>());
      batch_[op.name()] = cal.batch;
      runners_[op.name()] = std::move(r);
      return {{"status", "ok"}, {"batch", cal.batch}, {"warmup_ns", cal.per_iter_ns}};
    });
  }

  Json round(const Json& cmd) {
    const std::string name = instance(cmd).name();
    auto it = runners_.find(name);
    if (it == runners_.end()) return {{"status", "failed"}, {"reason", "not prepared"}};
    const RoundOutput out = run_round(*it->second, batch_[name], cmd.at("seconds").get<double>(),
                                      cmd.value("min_iters", 1));
    Json j = {{"status", "ok"}, {"samples", out.samples_ns}, {"iterations", out.iterations},
              {"process_cpu_ns", out.process_cpu_ns}};
    if (out.error != CKR_OK) j = {{"status", "failed"}, {"reason", "during a round: " + rv_name(out.error)}};
    return j;
  }

  Json parallel(const Json& cmd) {
    const OpInstance op = instance(cmd);
    const int n = cmd.at("threads").get<int>();
    return guarded([&]() -> Json {
      auto& pool = thread_runners_[op.name()];
      while (static_cast<int>(pool.size()) < n) pool.push_back(target_->make(op, static_cast<int>(pool.size())));
      std::vector<Runner*> use;
      for (int i = 0; i < n; ++i) use.push_back(pool[static_cast<std::size_t>(i)].get());
      const ParallelOutput out = run_parallel(use, cmd.at("seconds").get<double>());
      Json j = {{"status", "ok"}, {"ops", out.ops}, {"errors", out.errors}, {"elapsed_ns", out.elapsed_ns}};
      if (out.errors > 0) j["first_error"] = rv_name(out.first_error);
      return j;
    });
  }

  WorkerSpec spec_;
  std::unique_ptr<Target> target_;
  std::map<std::string, std::unique_ptr<Runner>> runners_;
  std::map<std::string, int> batch_;
  std::map<std::string, std::vector<std::unique_ptr<Runner>>> thread_runners_;
};

}  // namespace

int worker_main(const WorkerSpec& spec, int in_fd, int out_fd) {
  Channel ch(in_fd, out_fd);
  Worker w(spec);
  for (;;) {
    auto cmd = ch.receive(24 * 3600.0);
    if (!cmd || cmd->value("cmd", std::string()) == "quit") break;
    Json reply;
    try {
      reply = w.handle(*cmd);
    } catch (const std::exception& e) {
      reply = {{"status", "failed"}, {"reason", e.what()}};
    }
    if (!ch.send(reply)) break;
  }
  ch.close();
  return 0;
}

}  // namespace bench
