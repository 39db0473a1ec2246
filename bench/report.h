// Output of a run: the stdout tables (with ratios and the targets of the
// performance issue), the JSON file (every per-round value) and the chart
// (bench/plot.py, if python3-matplotlib is installed).
#pragma once

#include <cstdio>
#include <string>

#include "driver.h"

namespace bench {

Json to_json(const RunResults& r, const Options& o);
void print_report(const RunResults& r, const Options& o, std::FILE* out);
// Runs plot.py; prints its note and returns false if it could not draw.
bool write_chart(const std::string& script, const std::string& json_path, const std::string& png_path);

}  // namespace bench
