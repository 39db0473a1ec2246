#include "secret_input.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace craton::admin {

Secret::Secret(const char* text, std::size_t size) : bytes_(text, text + size) {}
Secret::~Secret() { wipe(); }
Secret::Secret(Secret&& other) noexcept : bytes_(std::move(other.bytes_)) { other.wipe(); }
Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = std::move(other.bytes_);
    other.wipe();
  }
  return *this;
}
void Secret::wipe() {
  if (!bytes_.empty()) explicit_bzero(bytes_.data(), bytes_.size());
  bytes_.clear();
}

namespace {

// First line of the file, without its line ending; the read buffer is wiped.
Secret from_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open PIN file " + path + ": " + strerror(errno));
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n < 0) throw std::runtime_error("cannot read PIN file " + path);
  std::size_t len = 0;
  while (len < static_cast<std::size_t>(n) && buf[len] != '\n' && buf[len] != '\r') ++len;
  Secret s(buf, len);
  explicit_bzero(buf, sizeof buf);
  return s;
}

Secret from_terminal(const char* prompt) {
  if (isatty(STDIN_FILENO) == 0) {
    throw std::runtime_error(std::string("no terminal to ask for the ") + prompt);
  }
  const std::string text = std::string(prompt) + ": ";
  // getpass is obsolete but is the portable no-echo prompt in glibc.
  char* typed = getpass(text.c_str());
  if (typed == nullptr) throw std::runtime_error("cannot read the PIN from the terminal");
  Secret s(typed, strlen(typed));
  explicit_bzero(typed, strlen(typed));
  return s;
}

}  // namespace

Secret read_secret(const SecretSource& source) {
  Secret pin;
  if (!source.file.empty()) {
    pin = from_file(source.file);
  } else if (const char* env = source.env ? std::getenv(source.env) : nullptr;
             env != nullptr && *env != '\0') {
    pin = Secret(env, strlen(env));
  } else {
    pin = from_terminal(source.prompt);
    if (source.confirm) {
      Secret again = from_terminal((std::string("Repeat ") + source.prompt).c_str());
      if (!(again == pin)) throw std::runtime_error("the PINs do not match");
    }
  }
  if (pin.size() == 0) throw std::runtime_error(std::string("empty ") + source.prompt);
  return pin;
}

}  // namespace craton::admin
