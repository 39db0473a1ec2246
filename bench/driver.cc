#include "driver.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "catalogue.h"
#include "stats.h"
#include "threads.h"
#include "worker_client.h"

namespace bench {

double Measurement::median_ns() const {
  std::vector<double> m;
  for (const auto& r : rounds) m.push_back(r.median_ns);
  return median(m);
}

double Measurement::p99_ns() const { return percentile(samples, 99); }

double Measurement::cpu_ns_per_op() const {
  std::vector<double> c;
  for (const auto& r : rounds) c.push_back(r.cpu_ns_per_op);
  return median(c);
}

std::vector<double> load_average() {
  std::ifstream in("/proc/loadavg");
  double a = 0, b = 0, c = 0;
  in >> a >> b >> c;
  return {a, b, c};
}

namespace {

using Workers = std::vector<std::unique_ptr<WorkerClient>>;

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// A measurement cell: one operation on one worker.
struct Cell {
  OpInstance op;
  WorkerClient* worker;
  Measurement* m;
};

template <typename T>
std::vector<T> rotated(const std::vector<T>& v, std::size_t by) {
  std::vector<T> out(v);
  if (!out.empty()) std::rotate(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(by % out.size()), out.end());
  return out;
}

Json op_cmd(const char* cmd, const OpInstance& op) {
  return {{"cmd", cmd}, {"op", op.spec->base}, {"variant", op.variant}};
}

class Driver {
 public:
  Driver(const Options& o, RunResults& r) : o_(o), r_(r) {}

  void run() {
    spawn();
    const auto ops = select_ops(o_.ops_regex);
    std::vector<OpInstance> main_ops, find_ops;
    for (const auto& op : ops) (op.spec->phase == Phase::kMain ? main_ops : find_ops).push_back(op);
    measure_group(main_ops, "main");
    if (!o_.threads.empty()) run_threads();
    for (const auto& op : find_ops) {  // catalogue order: the smaller population first
      populate(find_population(op.spec->base), op.spec->base);
      measure_group({op}, op.spec->base);
    }
    for (auto& w : workers_) w->quit();
  }

 private:
  void spawn() {
    for (const auto& [name, path] : o_.modules) {
      // A module named "<x>-noaudit" runs with its audit log off, so the
      // audit log's cost can be measured side by side in one run.
      TokenOptions token = o_.token;
      if (name.ends_with("-noaudit")) token.craton_audit = false;
      workers_.push_back(std::make_unique<WorkerClient>(WorkerSpec{name, path, false, token}));
    }
    if (o_.floor) workers_.push_back(std::make_unique<WorkerClient>(WorkerSpec{kFloorName, "", true, o_.token}));
    for (auto& w : workers_) {
      std::fprintf(stderr, "setting up %s ...\n", w->name().c_str());
      Json reply = w->call({{"cmd", "hello"}});
      Json t = {{"name", w->name()}, {"status", reply.value("status", "failed")}};
      if (reply.contains("info")) t["info"] = reply["info"];
      if (reply.contains("reason")) t["reason"] = reply["reason"];
      if (t["status"] != "ok") {
        std::fprintf(stderr, "  %s unavailable: %s\n", w->name().c_str(), reply.value("reason", "").c_str());
        w->quit();
      } else {
        usable_.push_back(w.get());
      }
      r_.targets.push_back(t);
    }
  }

  Measurement* new_measurement(const OpInstance& op, const std::string& target) {
    Measurement m;
    m.op = op.spec->base;
    m.variant = op.variant;
    m.target = target;
    r_.measurements.push_back(std::move(m));
    return &r_.measurements.back();
  }

  // The cells of a group, prepared (warm-up + batch size); n/a or failed
  // cells are recorded and dropped.
  std::vector<Cell> prepare(const std::vector<OpInstance>& ops) {
    std::vector<Cell> cells;
    std::set<std::string> floor_done;
    for (const auto& op : ops) {
      for (WorkerClient* w : usable_) {
        OpInstance inst = op;
        if (w->spec().floor) {  // the floor has no key variants: one row per base operation
          if (!floor_done.insert(op.spec->base).second) continue;
          inst.variant.clear();
        }
        Measurement* m = new_measurement(inst, w->name());
        Json reply = w->call({{"cmd", "prepare"}, {"op", inst.spec->base}, {"variant", inst.variant},
                              {"warmup", o_.warmup_seconds}});
        m->status = reply.value("status", "failed");
        m->reason = reply.value("reason", "");
        m->batch = reply.value("batch", 1);
        if (m->status == "ok") cells.push_back(Cell{inst, w, m});
      }
    }
    return cells;
  }

  void measure_group(const std::vector<OpInstance>& ops, const std::string& label) {
    if (ops.empty()) return;
    std::fprintf(stderr, "preparing %zu operations (%s) ...\n", ops.size(), label.c_str());
    std::vector<Cell> cells = prepare(ops);
    // Cells of one base operation stay together so the ratios compare
    // figures taken seconds apart; their order rotates every round.
    std::map<std::string, std::vector<Cell>> by_base;
    std::vector<std::string> order;
    for (const auto& c : cells) {
      if (by_base.count(c.op.spec->base) == 0) order.push_back(c.op.spec->base);
      by_base[c.op.spec->base].push_back(c);
    }
    for (int r = 0; r < o_.rounds; ++r) {
      std::fprintf(stderr, "round %d/%d (%s), load %.2f\n", r + 1, o_.rounds, label.c_str(), load_average()[0]);
      for (const auto& base : order) {
        for (Cell& c : rotated(by_base[base], static_cast<std::size_t>(r))) run_round(c);
      }
    }
  }

  void run_round(Cell& c) {
    if (c.m->status != "ok") return;
    Json cmd = op_cmd("round", c.op);
    cmd["seconds"] = o_.round_seconds;
    cmd["min_iters"] = c.op.spec->min_iters;
    Json reply = c.worker->call(cmd);
    if (reply.value("status", "failed") != "ok") {
      c.m->status = "failed";
      c.m->reason = reply.value("reason", "");
      return;
    }
    RoundStat st;
    std::vector<double> samples = reply.at("samples").get<std::vector<double>>();
    st.median_ns = median(samples);
    st.samples = samples.size();
    st.iterations = reply.value("iterations", std::uint64_t{0});
    if (st.iterations > 0) st.cpu_ns_per_op = reply.value("process_cpu_ns", 0.0) / static_cast<double>(st.iterations);
    c.m->rounds.push_back(st);
    c.m->samples.insert(c.m->samples.end(), samples.begin(), samples.end());
  }

  void populate(std::size_t count, const std::string& op) {
    for (WorkerClient* w : usable_) {
      if (w->spec().floor) continue;
      std::fprintf(stderr, "creating %zu objects for %s in %s ...\n", count, op.c_str(), w->name().c_str());
      Json reply = w->call({{"cmd", "populate"}, {"count", count}, {"op", op}});
      if (reply.value("status", "failed") != "ok") {
        std::fprintf(stderr, "  failed: %s\n", reply.value("reason", "").c_str());
      }
    }
  }

  void run_threads();
  void probe_round();
  // One multi-thread measurement; returns its ops/s (0 if it failed).
  double parallel_once(const OpInstance& op, WorkerClient& w, int n, ParallelStat& p, double base);

  const Options& o_;
  RunResults& r_;
  Workers workers_;
  std::vector<WorkerClient*> usable_;
};

void Driver::run_threads() {
  std::vector<int> counts = o_.threads;
  counts.push_back(1);  // the same-round baseline
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  const auto ops = thread_ops(o_.ops_regex);
  if (ops.empty()) return;
  for (int n : counts) {
    CapacityStat c;
    c.threads = n;
    r_.capacity.push_back(std::move(c));
  }
  // One row per (op, target, thread count), indexed for the round loop.
  std::map<std::tuple<std::string, std::string, int>, std::size_t> index;
  for (const auto& op : ops) {
    for (WorkerClient* w : usable_) {
      for (int n : counts) {
        index[{op.name(), w->name(), n}] = r_.parallel.size();
        ParallelStat p;
        p.op = op.spec->base;
        p.variant = w->spec().floor ? "" : op.variant;
        p.target = w->name();
        p.threads = n;
        r_.parallel.push_back(std::move(p));
      }
    }
  }
  for (int r = 0; r < o_.rounds; ++r) {
    std::fprintf(stderr, "threads round %d/%d, load %.2f\n", r + 1, o_.rounds, load_average()[0]);
    probe_round();
    for (const auto& op : ops) {
      for (WorkerClient* w : rotated(usable_, static_cast<std::size_t>(r))) {
        double base = 0;  // this round's one-thread figure (counts are sorted: 1 comes first)
        for (int n : counts) {
          const double ops_s = parallel_once(op, *w, n, r_.parallel[index[{op.name(), w->name(), n}]], base);
          if (n == 1) base = ops_s;
        }
      }
    }
  }
}

void Driver::probe_round() {
  const double one = probe_capacity(1, o_.round_seconds);
  for (auto& c : r_.capacity) {
    const double u = c.threads == 1 ? one : probe_capacity(c.threads, o_.round_seconds);
    c.units_per_s.push_back(u);
    c.ratio.push_back(one > 0 ? u / one : 0);
  }
}

double Driver::parallel_once(const OpInstance& op, WorkerClient& w, int n, ParallelStat& p, double base) {
  if (p.status != "ok") return 0;
  Json cmd = op_cmd("parallel", op);
  cmd["threads"] = n;
  cmd["seconds"] = o_.round_seconds;
  Json reply = w.call(cmd);
  if (reply.value("status", "failed") != "ok") {
    p.status = reply.value("status", "failed");
    p.reason = reply.value("reason", "");
    return 0;
  }
  const double ns = reply.value("elapsed_ns", 0.0);
  const double ops_s = ns > 0 ? reply.value("ops", 0.0) * 1e9 / ns : 0;
  p.ops_per_s.push_back(ops_s);
  if (n == 1) base = ops_s;
  p.scaling.push_back(base > 0 ? ops_s / base : 0);
  p.errors += reply.value("errors", std::uint64_t{0});
  if (p.first_error.empty()) p.first_error = reply.value("first_error", "");
  return ops_s;
}

}  // namespace

RunResults run_benchmark(const Options& options) {
  RunResults r;
  r.meta["started"] = now_iso();
  r.meta["loadavg_start"] = load_average();
  Driver d(options, r);
  d.run();
  r.meta["finished"] = now_iso();
  r.meta["loadavg_end"] = load_average();
  return r;
}

}  // namespace bench
