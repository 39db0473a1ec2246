#include "report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <map>

#include "catalogue.h"
#include "stats.h"

namespace bench {
namespace {

const Measurement* find(const RunResults& r, const std::string& op, const std::string& variant,
                        const std::string& target) {
  for (const auto& m : r.measurements) {
    if (m.op == op && m.target == target && (m.variant == variant || target == kFloorName) && m.status == "ok" &&
        !m.rounds.empty()) {
      return &m;
    }
  }
  return nullptr;
}

// The targets for one row; "" when all that can be checked pass.
std::string target_misses(const std::string& op, double vs_ref, double vs_floor) {
  std::string miss;
  auto add = [&](const char* s) { miss += (miss.empty() ? "" : ", ") + std::string(s); };
  if (vs_ref > 0 && vs_ref > 1.0) add("slower than reference");
  if (vs_floor > 0 && vs_floor > 1.25) add(">1.25x floor");
  if (op == "keygen-aes256" && vs_ref > 0 && vs_ref > 0.2) add("<5x faster than reference");
  if ((op == "find-label-10k" || op == "find-label-10k-token") && vs_ref > 0.05) add("<20x faster than reference");
  return miss;
}

struct Row {
  std::string op, variant;
  const Measurement* ours = nullptr;
  const Measurement* ref = nullptr;
  const Measurement* floor = nullptr;
  double vs_ref = 0, vs_floor = 0;
  double cpu_vs_floor = 0;  // process CPU per op, ours / floor
  std::string check;
};

std::vector<Row> comparison_rows(const RunResults& r, const Options& o) {
  std::vector<Row> rows;
  std::map<std::string, bool> seen;
  for (const auto& m : r.measurements) {
    if (m.target == kFloorName || seen[m.name()]) continue;
    seen[m.name()] = true;
    Row row;
    row.op = m.op;
    row.variant = m.variant;
    row.ours = find(r, m.op, m.variant, o.ours);
    row.ref = find(r, m.op, m.variant, o.reference);
    row.floor = find(r, m.op, m.variant, kFloorName);
    if (row.ours && row.ref) row.vs_ref = row.ours->median_ns() / row.ref->median_ns();
    if (row.ours && row.floor) row.vs_floor = row.ours->median_ns() / row.floor->median_ns();
    if (row.ours && row.floor && row.floor->cpu_ns_per_op() > 0) {
      row.cpu_vs_floor = row.ours->cpu_ns_per_op() / row.floor->cpu_ns_per_op();
    }
    row.check = row.ours ? target_misses(m.op, row.vs_ref, row.vs_floor) : "";
    if (row.ours && row.check.empty()) row.check = (row.vs_ref > 0 || row.vs_floor > 0) ? "ok" : "-";
    rows.push_back(row);
  }
  return rows;
}

Json measurement_json(const Measurement& m) {
  Json j = {{"op", m.op}, {"variant", m.variant}, {"target", m.target}, {"status", m.status}};
  if (!m.reason.empty()) j["reason"] = m.reason;
  if (m.status != "ok" || m.rounds.empty()) return j;
  j["batch"] = m.batch;
  j["median_ns"] = m.median_ns();
  j["p99_ns"] = m.p99_ns();
  j["ops_per_s"] = 1e9 / m.median_ns();
  j["cpu_ns_per_op"] = m.cpu_ns_per_op();
  Json rounds = Json::array();
  for (const auto& rs : m.rounds) {
    rounds.push_back({{"median_ns", rs.median_ns},
                      {"samples", rs.samples},
                      {"iterations", rs.iterations},
                      {"cpu_ns_per_op", rs.cpu_ns_per_op}});
  }
  j["rounds"] = rounds;
  return j;
}

double capacity_at(const RunResults& r, int n) {
  for (const auto& c : r.capacity) {
    if (c.threads == n) return median(c.ratio);
  }
  return 0;
}

std::string fmt_us(const Measurement* m) {
  if (m == nullptr) return "n/a";
  char b[32];
  const double us = m->median_ns() / 1000.0;
  std::snprintf(b, sizeof b, us < 10 ? "%.3f" : (us < 1000 ? "%.1f" : "%.0f"), us);
  return b;
}

std::string fmt_ratio(double x) {
  if (x <= 0) return "-";
  char b[32];
  std::snprintf(b, sizeof b, x < 0.1 ? "%.3f" : "%.2f", x);
  return b;
}

void print_parallel(const RunResults& r, std::FILE* out) {
  if (r.parallel.empty()) return;
  std::fprintf(out, "\nMulti-thread (one session per thread, same token). capacity = busy-loop throughput at N threads\n"
                    "vs 1 thread in the same round; scaling = ops/s at N vs 1 thread in the same round (medians).\n\n");
  std::fprintf(out, "%-24s %-10s %4s %12s %8s %9s %8s  %s\n", "operation", "target", "thr", "ops/s", "scaling",
               "capacity", "errors", "note");
  for (const auto& p : r.parallel) {
    const std::string name = p.variant.empty() ? p.op : p.op + "/" + p.variant;
    if (p.status != "ok") {
      std::fprintf(out, "%-24s %-10s %4d %12s  %s: %s\n", name.c_str(), p.target.c_str(), p.threads, p.status.c_str(),
                   "", p.reason.c_str());
      continue;
    }
    std::string note;
    const double s = median(p.scaling);
    if (p.threads == 2 && s < 1.8) note = "target 2 threads >= 1.8x missed";
    if (p.threads == 64 && (s < 1.5 || p.errors > 0)) note = "target 64 threads >= 1.5x without errors missed";
    if (p.errors > 0) note += (note.empty() ? "" : "; ") + std::string("first error ") + p.first_error;
    std::fprintf(out, "%-24s %-10s %4d %12.0f %8.2f %9.2f %8llu  %s\n", name.c_str(), p.target.c_str(), p.threads,
                 median(p.ops_per_s), s, capacity_at(r, p.threads), static_cast<unsigned long long>(p.errors),
                 note.c_str());
  }
}

}  // namespace

Json to_json(const RunResults& r, const Options& o) {
  Json j;
  j["schema"] = "craton-bench/1";
  j["meta"] = r.meta;
  j["config"] = {{"rounds", o.rounds},   {"round_seconds", o.round_seconds}, {"warmup_seconds", o.warmup_seconds},
                 {"ops", o.ops_regex},   {"threads", o.threads},             {"floor", o.floor},
                 {"quick", o.quick},     {"ours", o.ours},                   {"reference", o.reference},
                 {"craton_audit", o.token.craton_audit}};
  j["targets"] = r.targets;
  j["results"] = Json::array();
  for (const auto& m : r.measurements) j["results"].push_back(measurement_json(m));
  j["comparisons"] = Json::array();
  for (const auto& row : comparison_rows(r, o)) {
    Json c = {{"op", row.op}, {"variant", row.variant}, {"target_check", row.check}};
    c["ours_vs_reference"] = row.vs_ref > 0 ? Json(row.vs_ref) : Json(nullptr);
    c["ours_vs_floor"] = row.vs_floor > 0 ? Json(row.vs_floor) : Json(nullptr);
    c["ours_vs_floor_cpu"] = row.cpu_vs_floor > 0 ? Json(row.cpu_vs_floor) : Json(nullptr);
    j["comparisons"].push_back(c);
  }
  j["capacity"] = Json::array();
  for (const auto& c : r.capacity) {
    j["capacity"].push_back({{"threads", c.threads}, {"units_per_s", c.units_per_s}, {"ratio", c.ratio},
                             {"ratio_median", median(c.ratio)}});
  }
  j["parallel"] = Json::array();
  for (const auto& p : r.parallel) {
    Json x = {{"op", p.op}, {"variant", p.variant}, {"target", p.target}, {"threads", p.threads}, {"status", p.status}};
    if (!p.reason.empty()) x["reason"] = p.reason;
    x["ops_per_s"] = p.ops_per_s;
    x["scaling"] = p.scaling;
    x["ops_per_s_median"] = median(p.ops_per_s);
    x["scaling_median"] = median(p.scaling);
    x["errors"] = p.errors;
    if (!p.first_error.empty()) x["first_error"] = p.first_error;
    j["parallel"].push_back(x);
  }
  return j;
}

void print_report(const RunResults& r, const Options& o, std::FILE* out) {
  const auto l0 = r.meta.value("loadavg_start", std::vector<double>{0, 0, 0});
  const auto l1 = r.meta.value("loadavg_end", std::vector<double>{0, 0, 0});
  std::fprintf(out, "\nCraton HSM benchmark: %d rounds x %.2f s per operation and target; load average %.2f at start, "
                    "%.2f at end (%s)\n", o.rounds, o.round_seconds, l0[0], l1[0],
               r.meta.value("host_cpus", std::string("?")).c_str());
  std::fprintf(out, "Microseconds per operation (median of round medians). Ratios are %s time / other time:\n"
                    "below 1 means %s is faster. Floor = the same primitive straight on libcrypto.\n"
                    "cpu/op: CPU time of the whole %s process (all threads, background work included) per\n"
                    "operation, in us; cpu/floor: that figure over the floor's.\n\n",
               o.ours.c_str(), o.ours.c_str(), o.ours.c_str());
  std::fprintf(out, "%-36s %10s %10s %10s %9s %9s %10s %9s %9s  %s\n", "operation", o.ours.c_str(),
               o.reference.c_str(), "libcrypto", "vs ref", "vs floor", "p99 ours", "cpu/op", "cpu/floor", "target");
  for (const auto& row : comparison_rows(r, o)) {
    const std::string name = row.variant.empty() ? row.op : row.op + "/" + row.variant;
    char p99[32] = "n/a", cpu[32] = "n/a";
    if (row.ours) std::snprintf(p99, sizeof p99, "%.1f", row.ours->p99_ns() / 1000.0);
    if (row.ours) std::snprintf(cpu, sizeof cpu, "%.3f", row.ours->cpu_ns_per_op() / 1000.0);
    std::fprintf(out, "%-36s %10s %10s %10s %9s %9s %10s %9s %9s  %s\n", name.c_str(), fmt_us(row.ours).c_str(),
                 fmt_us(row.ref).c_str(), fmt_us(row.floor).c_str(), fmt_ratio(row.vs_ref).c_str(),
                 fmt_ratio(row.vs_floor).c_str(), p99, cpu, fmt_ratio(row.cpu_vs_floor).c_str(), row.check.c_str());
  }
  bool header = false;
  for (const auto& m : r.measurements) {
    if (m.status == "ok") continue;
    if (!header) std::fprintf(out, "\nNot measured (n/a: the target lacks it; failed: it returned an error):\n");
    header = true;
    std::fprintf(out, "  %-36s %-10s %-6s %s\n", m.name().c_str(), m.target.c_str(), m.status.c_str(), m.reason.c_str());
  }
  print_parallel(r, out);
}

bool write_chart(const std::string& script, const std::string& json_path, const std::string& png_path) {
  ::unlink(png_path.c_str());  // success is judged by the file appearing
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    // Debian's interpreter first: python3-matplotlib installs there, while
    // a python3 earlier in PATH (pyenv, venv) may lack it.
    const char* py = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    execlp(py, py, script.c_str(), json_path.c_str(), png_path.c_str(), static_cast<char*>(nullptr));
    std::fprintf(stderr, "note: python3 not found; chart skipped\n");
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 && ::access(png_path.c_str(), R_OK) == 0;
}

}  // namespace bench
