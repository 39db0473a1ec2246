// Order statistics for the benchmark figures.
#pragma once

#include <vector>

namespace bench {

double median(std::vector<double> v);             // 0 for an empty vector
double percentile(std::vector<double> v, double p);  // nearest rank, p in [0, 100]

}  // namespace bench
