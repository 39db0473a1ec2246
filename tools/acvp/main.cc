// craton-hsm-acvp: answers NIST ACVP prompt files with the project's own
// algorithm implementations and checks responses against expected results.
//
//   craton-hsm-acvp --prompt prompt.json --out response.json
//   craton-hsm-acvp --dir <acvp dir> --out-dir <dir>
//   craton-hsm-acvp --check response.json --expected expectedResults.json [--prompt prompt.json]
// Filters (both modes): --groups 1,5,9  --skip-test-type LDT (repeatable).
// --check also takes --max-missing N (expected cases allowed to be unanswered).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "acvp.h"

namespace fs = std::filesystem;
using craton::acvp::Json;

namespace {

struct Args {
  std::string prompt, out, dir, out_dir, check, expected;
  craton::acvp::CheckOptions opts;
};

int usage() {
  std::cerr << "usage: craton-hsm-acvp --prompt prompt.json --out response.json\n"
               "       craton-hsm-acvp --dir <acvp dir> --out-dir <dir>\n"
               "       craton-hsm-acvp --check response.json --expected expectedResults.json [--prompt prompt.json]\n"
               "options: --groups 1,2,3  --skip-test-type TYPE  --max-missing N\n";
  return 64;
}

bool parse_args(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (k == "--prompt") a.prompt = v;
    else if (k == "--out") a.out = v;
    else if (k == "--dir") a.dir = v;
    else if (k == "--out-dir") a.out_dir = v;
    else if (k == "--check") a.check = v;
    else if (k == "--expected") a.expected = v;
    else if (k == "--skip-test-type") a.opts.filter.skip_types.insert(v);
    else if (k == "--max-missing") a.opts.max_missing = std::stoi(v);
    else if (k == "--groups") {
      std::stringstream ss(v);
      std::string item;
      while (std::getline(ss, item, ',')) a.opts.filter.groups.insert(std::stoi(item));
    } else {
      return false;
    }
  }
  return true;
}

Json load(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot open " + p.string());
  return Json::parse(in);
}

void save(const fs::path& p, const Json& j) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p);
  out << j.dump(2) << "\n";
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

// Returns 0 when every case was answered or deliberately skipped.
int run_one(const fs::path& prompt, const fs::path& out, const craton::acvp::Filter& filter) {
  Json response;
  const auto st = craton::acvp::answer(load(prompt), filter, response);
  save(out, response);
  std::cerr << st.algorithm << ": " << st.groups_done << "/" << st.groups << " groups, " << st.tests_done
            << " test cases answered";
  if (st.case_errors) std::cerr << ", " << st.case_errors << " ERRORS";
  std::cerr << "\n";
  for (const auto& s : st.skipped) std::cerr << "  skipped " << s << "\n";
  if (st.unknown_algorithm) return 2;
  return st.case_errors ? 1 : 0;
}

int run_dir(const Args& a) {
  int rc = 0, unknown = 0, answered = 0;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(a.dir))
    if (e.is_directory() && fs::exists(e.path() / "prompt.json")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    const int r = run_one(d / "prompt.json", fs::path(a.out_dir) / d.filename() / "response.json", a.opts.filter);
    if (r == 2) ++unknown;
    else if (r != 0) rc = 1;
    else ++answered;
  }
  std::cerr << "summary: " << answered << " vector sets answered, " << unknown << " not supported\n";
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, a)) return usage();
  try {
    if (!a.check.empty()) {
      if (a.expected.empty()) return usage();
      Json prompt;
      if (!a.prompt.empty()) prompt = load(a.prompt);
      const int failures = craton::acvp::check(load(a.check), load(a.expected), a.prompt.empty() ? nullptr : &prompt,
                                               a.opts);
      return failures == 0 ? 0 : 1;
    }
    if (!a.dir.empty() && !a.out_dir.empty()) return run_dir(a);
    if (!a.prompt.empty() && !a.out.empty()) return run_one(a.prompt, a.out, a.opts.filter);
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "craton-hsm-acvp: " << e.what() << "\n";
    return 3;
  }
}
