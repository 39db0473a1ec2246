// One JSON document per line over a pair of pipe file descriptors: the link
// between the driver and its worker processes.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bench {

using Json = nlohmann::json;

class Channel {
 public:
  Channel() = default;
  Channel(int read_fd, int write_fd) : in_(read_fd), out_(write_fd) {}

  // False if the other side is gone.
  bool send(const Json& j);
  // nullopt on end of file, error or after `timeout_s` seconds without a line.
  std::optional<Json> receive(double timeout_s);
  void close();

 private:
  int in_ = -1;
  int out_ = -1;
  std::string buffer_;
};

}  // namespace bench
