#include "support/node_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/process.hpp"

extern char** environ;

namespace bsv::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Reads one line from `fd` before `deadline`; false on timeout or EOF.
bool read_line(int fd, std::string& line, Clock::time_point deadline) {
  line.clear();
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char c;
    const auto n = ::read(fd, &c, 1);
    if (n <= 0) return false;
    if (c == '\n') return true;
    line += c;
  }
}

}  // namespace

ReadyProcess::ReadyProcess(std::vector<std::string> argv, std::chrono::seconds wait) {
  char path[] = "/tmp/bsvproc-err.XXXXXX";
  const int err_fd = ::mkstemp(path);
  stderr_path_ = path;
  int out[2];
  if (err_fd < 0 || ::pipe(out) != 0) throw std::runtime_error("cannot create pipes");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  const int rc = posix_spawn(&pid_, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err_fd);
  stdout_fd_ = out[0];
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  std::string line;
  if (!read_line(stdout_fd_, line, Clock::now() + wait) || line.rfind("ready listen=", 0) != 0) {
    stop(SIGKILL, std::chrono::seconds(5));
    throw std::runtime_error(argv[0] + " did not become ready (stdout: '" + line +
                             "', stderr: " + errors() + ")");
  }
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
}

ReadyProcess::~ReadyProcess() {
  if (exit_code_ < 0 && pid_ > 0) stop(SIGKILL, std::chrono::seconds(5));
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  ::unlink(stderr_path_.c_str());
}

int ReadyProcess::stop(int signal, std::chrono::seconds wait) {
  if (exit_code_ >= 0 || pid_ <= 0) return exit_code_;
  ::kill(pid_, signal);
  const auto deadline = Clock::now() + wait;
  int status = 0;
  while (Clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (exit_code_ == 128 + SIGABRT) report_abort();
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  exit_code_ = 128 + SIGKILL;
  return -1;
}

void ReadyProcess::report_abort() const {
  constexpr std::size_t kTail = 8192;  // a sanitizer's report, or the last log lines
  const auto text = errors();
  std::cerr << "[ aborted  ] the process aborted (exit 134); its stderr ends:\n"
            << (text.size() > kTail ? text.substr(text.size() - kTail) : text) << "\n";
}

std::string ReadyProcess::errors() const {
  std::ifstream in(stderr_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

std::vector<std::string> serve_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {node_binary(), "serve", "--listen", "127.0.0.1:0"};
  if (std::find(args.begin(), args.end(), "--arc-url") == args.end()) {
    argv.emplace_back("--no-broadcast");
  }
  // Many nodes run at once in the tests: no metrics port unless asked for.
  if (std::find(args.begin(), args.end(), "--metrics-listen") == args.end()) {
    argv.insert(argv.end(), {"--metrics-listen", "off"});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::vector<std::string> arc_sim_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {arc_sim_binary(), "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

NodeProcess::NodeProcess(const std::vector<std::string>& args, std::chrono::seconds wait)
    : ReadyProcess(serve_argv(args), wait) {}

ArcSimProcess::ArcSimProcess(const std::vector<std::string>& args)
    : ReadyProcess(arc_sim_argv(args), std::chrono::seconds(10)) {}

std::unique_ptr<RemoteNode> connect_to(const ReadyProcess& node) {
  RemoteNodeOptions options;
  options.port = node.port();
  options.request_timeout = std::chrono::seconds(15);
  auto remote = RemoteNode::connect(options);
  if (!remote) throw std::runtime_error(remote.error().message);
  return std::move(*remote);
}

}  // namespace bsv::testing
