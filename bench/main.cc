// craton-bench: PKCS#11 modules side by side with the libcrypto floor.
// See docs/benchmarks.md for how to run it and how to read the figures.
#include <sys/utsname.h>

#include <openssl/crypto.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "report.h"

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

bench::Json host_info() {
  utsname u{};
  uname(&u);
  return {{"cpu_model", cpu_model()},
          {"cpus", std::thread::hardware_concurrency()},
          {"kernel", std::string(u.sysname) + " " + u.release},
          {"openssl", OpenSSL_version(OPENSSL_VERSION)}};
}

bool parse_modules(const std::vector<std::string>& specs, bench::Options& o) {
  if (specs.empty()) {
    o.modules = {{"craton", CRATON_BENCH_DEFAULT_MODULE}, {"softhsm", "/usr/lib/softhsm/libsofthsm2.so"}};
    return true;
  }
  for (const auto& s : specs) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      std::fprintf(stderr, "--module expects NAME=PATH, got '%s'\n", s.c_str());
      return false;
    }
    o.modules.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"craton-bench: time PKCS#11 modules (loaded by path) against each other and the libcrypto floor"};
  bench::Options o;
  std::vector<std::string> module_specs;
  std::string json_path, chart_path;
  bool no_chart = false, no_floor = false, no_audit = false;
  app.add_option("--module", module_specs,
                 "NAME=PATH of a PKCS#11 module (repeatable; default craton=<this build's module> and "
                 "softhsm=/usr/lib/softhsm/libsofthsm2.so)");
  app.add_option("--ours", o.ours, "module whose ratios are reported")->capture_default_str();
  app.add_option("--reference", o.reference, "module compared against")->capture_default_str();
  app.add_option("--ops", o.ops_regex, "only operations whose name matches this regex (e.g. 'sha256|ecdsa')");
  auto* rounds = app.add_option("--rounds", o.rounds, "rounds per operation")->capture_default_str()->check(CLI::Range(1, 1000));
  auto* secs = app.add_option("--round-seconds", o.round_seconds, "time budget of one round")
                   ->capture_default_str()->check(CLI::Range(0.001, 60.0));
  app.add_option("--threads", o.threads, "multi-thread mode: thread counts, e.g. 1,2,64")
      ->delimiter(',')->check(CLI::Range(1, 1024));
  app.add_option("--json", json_path, "write every figure (per-round values included) to this JSON file");
  app.add_option("--chart", chart_path, "PNG chart (default: the JSON path with .png)");
  app.add_flag("--no-chart", no_chart, "do not draw the chart");
  app.add_flag("--quick", o.quick, "2 short rounds: a smoke test, not a measurement");
  app.add_flag("--no-floor", no_floor, "skip the libcrypto floor");
  app.add_flag("--no-audit", no_audit,
               "run Craton with its audit log disabled (default: the module's default, on); a module named "
               "NAME-noaudit is always run with it disabled");
  CLI11_PARSE(app, argc, argv);

  if (!parse_modules(module_specs, o)) return 2;
  o.floor = !no_floor;
  o.token.craton_audit = !no_audit;
  if (o.quick) {
    if (rounds->count() == 0) o.rounds = 2;
    if (secs->count() == 0) o.round_seconds = 0.02;
    o.warmup_seconds = 0.005;
  } else {
    o.warmup_seconds = std::min(0.1, o.round_seconds / 2);
  }

  bench::RunResults r = bench::run_benchmark(o);
  r.meta["host"] = host_info();
  r.meta["host_cpus"] = std::to_string(std::thread::hardware_concurrency()) + " CPUs, " + cpu_model();
  bench::print_report(r, o, stdout);

  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << bench::to_json(r, o).dump(1) << "\n";
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", json_path.c_str());
      return 1;
    }
    std::printf("\nJSON: %s\n", json_path.c_str());
    if (!no_chart) {
      if (chart_path.empty()) {
        chart_path = json_path.size() > 5 && json_path.ends_with(".json") ? json_path.substr(0, json_path.size() - 5) : json_path;
        chart_path += ".png";
      }
      if (bench::write_chart(CRATON_BENCH_PLOT_SCRIPT, json_path, chart_path)) std::printf("chart: %s\n", chart_path.c_str());
    }
  }
  bool any = false;
  for (const auto& t : r.targets) any = any || t.value("status", "") == "ok";
  return any ? 0 : 1;
}
