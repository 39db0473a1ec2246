// A worker process measures one target: a PKCS#11 module (loaded alone in its
// process, as an application would load it, so modules never share libcrypto
// state or a crash) or the libcrypto floor. It obeys the driver's commands,
// one JSON line each, and answers one JSON line each.
#pragma once

#include <string>

#include "token_setup.h"

namespace bench {

struct WorkerSpec {
  std::string name;  // "craton", "softhsm", "libcrypto"
  std::string path;  // module library; empty for the floor
  bool floor = false;
  TokenOptions token;
};

// The command loop; returns when told to quit or when the driver is gone.
int worker_main(const WorkerSpec& spec, int in_fd, int out_fd);

}  // namespace bench
