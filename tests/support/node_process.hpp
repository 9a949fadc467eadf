#pragma once
/// A `bsv-wallet-node serve` process for tests: started, waited on until it
/// prints its ready line, stopped with a signal, its exit code collected.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "node/remote_node.hpp"

namespace bsv::testing {

/// A child process that prints `ready listen=HOST:PORT` on stdout once it
/// serves: started, waited on until that line, stopped with a signal.
class ReadyProcess {
 public:
  /// Starts `argv` (argv[0] the program) and waits (at most `wait`) for the
  /// ready line. Throws std::runtime_error with the process's stderr if it
  /// does not come.
  ReadyProcess(std::vector<std::string> argv, std::chrono::seconds wait);
  ~ReadyProcess();
  ReadyProcess(const ReadyProcess&) = delete;
  ReadyProcess& operator=(const ReadyProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  /// Sends `signal` and waits for the exit; answers the exit code (128 +
  /// signal when killed), or -1 if it did not exit within `wait`. An abort
  /// (a sanitizer's report, say) prints the end of its stderr.
  int stop(int signal, std::chrono::seconds wait = std::chrono::seconds(30));

  /// What the process wrote to stderr so far.
  std::string errors() const;

 private:
  void report_abort() const;

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::uint16_t port_ = 0;
  int exit_code_ = -1;
};

/// `bsv-wallet-node serve --listen 127.0.0.1:0` plus `args`, with
/// `--no-broadcast` unless `args` give an `--arc-url` and `--metrics-listen
/// off` unless they give a `--metrics-listen`.
class NodeProcess : public ReadyProcess {
 public:
  explicit NodeProcess(const std::vector<std::string>& args,
                       std::chrono::seconds wait = std::chrono::seconds(20));
};

/// A RemoteNode client of `node` (plain, 15 s request timeout); throws
/// std::runtime_error when it cannot connect.
std::unique_ptr<RemoteNode> connect_to(const ReadyProcess& node);

/// An `arc-sim` on a free port with `args`.
class ArcSimProcess : public ReadyProcess {
 public:
  explicit ArcSimProcess(const std::vector<std::string>& args = {});
  std::string url() const { return "http://" + address(); }
  /// For an arc-sim started with --tls-cert/--tls-key: by host name, so
  /// that the certificate's name can be checked.
  std::string tls_url() const { return "https://localhost:" + std::to_string(port()); }
};

}  // namespace bsv::testing
