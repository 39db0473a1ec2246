#include "worker_client.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace bench {

WorkerClient::WorkerClient(const WorkerSpec& spec) : spec_(spec) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) {
    death_ = "pipe failed";
    return;
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  pid_ = fork();
  if (pid_ == 0) {
    // Keep only our own pipe ends: the other workers' must reach EOF when
    // the driver closes them.
    for (int fd = 3; fd < 1024; ++fd) {
      if (fd != to_child[0] && fd != from_child[1]) ::close(fd);
    }
    dup2(STDERR_FILENO, STDOUT_FILENO);  // a chatty module must not garble the table
    const int rc = worker_main(spec_, to_child[0], from_child[1]);
    std::fflush(nullptr);
    _exit(rc);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  if (pid_ < 0) {
    ::close(to_child[1]);
    ::close(from_child[0]);
    death_ = "fork failed";
    return;
  }
  ch_ = Channel(from_child[0], to_child[1]);
  alive_ = true;
}

WorkerClient::~WorkerClient() { quit(); }

void WorkerClient::mark_dead(const std::string& why) {
  alive_ = false;
  int status = 0;
  std::string how = why;
  if (pid_ > 0) {
    if (waitpid(pid_, &status, WNOHANG) == 0) {  // still there: hung
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    if (WIFSIGNALED(status)) how += " (signal " + std::to_string(WTERMSIG(status)) + ": " + strsignal(WTERMSIG(status)) + ")";
    else if (WIFEXITED(status)) how += " (exit " + std::to_string(WEXITSTATUS(status)) + ")";
    pid_ = -1;
  }
  death_ = how;
  ch_.close();
}

Json WorkerClient::call(const Json& cmd, double timeout_s) {
  if (alive_) {
    if (!ch_.send(cmd)) {
      mark_dead("worker gone");
    } else if (auto reply = ch_.receive(timeout_s)) {
      return *reply;
    } else {
      mark_dead("worker died or hung during " + cmd.value("cmd", std::string()) + " " + cmd.value("op", std::string()));
    }
  }
  return {{"status", "failed"}, {"reason", death_}};
}

void WorkerClient::quit() {
  if (!alive_) return;
  ch_.send({{"cmd", "quit"}});
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  alive_ = false;
  ch_.close();
}

}  // namespace bench
