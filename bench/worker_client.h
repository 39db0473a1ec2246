// The driver's handle on one worker process (fork, no exec: the worker runs
// the same binary's worker_main). A crashed or hung worker marks its target
// as failed instead of taking the benchmark down.
#pragma once

#include <sys/types.h>

#include <string>

#include "channel.h"
#include "worker.h"

namespace bench {

class WorkerClient {
 public:
  explicit WorkerClient(const WorkerSpec& spec);  // forks the worker
  ~WorkerClient();
  WorkerClient(const WorkerClient&) = delete;
  WorkerClient& operator=(const WorkerClient&) = delete;

  const std::string& name() const { return spec_.name; }
  const WorkerSpec& spec() const { return spec_; }
  bool alive() const { return alive_; }
  const std::string& death() const { return death_; }

  // Sends a command and waits for the reply. A dead worker answers
  // {"status":"failed","reason":"worker ..."}.
  Json call(const Json& cmd, double timeout_s = 900);
  void quit();

 private:
  void mark_dead(const std::string& why);

  WorkerSpec spec_;
  pid_t pid_ = -1;
  Channel ch_;
  bool alive_ = false;
  std::string death_;
};

}  // namespace bench
