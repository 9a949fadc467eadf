// The node's configuration as an operator gives it: secrets from files and
// the environment, loose secret files warned about, and a database URL
// libpq cannot parse refused as a configuration error (exit 2), never
// quoting its password.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "config/node_config.hpp"

namespace bsv::config {
namespace {

// A file holding `text` with mode `mode`, removed at the end of the test.
class TempFile {
 public:
  TempFile(const std::string& text, mode_t mode) {
    char name[] = "/tmp/bsv-secret.XXXXXX";
    const int fd = ::mkstemp(name);
    ::close(fd);
    path_ = name;
    std::ofstream(path_) << text;
    ::chmod(path_.c_str(), mode);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

NodeConfig load(std::vector<std::string> args) {
  args.insert(args.end(), {"--no-broadcast"});
  return load_node_config(Options(args, serve_flags()));
}

TEST(Config, SecretsComeFromFilesWithoutTheirNewline) {
  TempFile token("cb-token-1\n", 0600), key("arc-key-2\n", 0600), url("host=db dbname=w\n", 0600);
  testing::internal::CaptureStderr();
  const auto cfg = load({"--database-url-file", url.path(), "--arc-api-key-file", key.path(),
                         "--arc-callback-token-file", token.path()});
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "private files: no warning";
  EXPECT_EQ(cfg.store.database_url, "host=db dbname=w");
  EXPECT_EQ(cfg.queue.arc.api_key, "arc-key-2");
  EXPECT_EQ(cfg.queue.arc.callback_token, "cb-token-1");
}

TEST(Config, TheCallbackTokenComesFromTheEnvironmentToo) {
  ::setenv("ARC_CALLBACK_TOKEN", "from-env", 1);
  const auto cfg = load({"--database-url", "host=db"});
  ::unsetenv("ARC_CALLBACK_TOKEN");
  EXPECT_EQ(cfg.queue.arc.callback_token, "from-env");
}

TEST(Config, ASecretFileOthersCanReadIsWarnedAbout) {
  TempFile token("cb-token-3", 0644);
  testing::internal::CaptureStderr();
  load({"--database-url", "host=db", "--arc-callback-token-file", token.path()});
  const auto logged = testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("readable by other users"), std::string::npos) << logged;
  EXPECT_NE(logged.find(token.path()), std::string::npos) << logged;
  EXPECT_EQ(logged.find("cb-token-3"), std::string::npos) << "never the secret itself";
}

TEST(Config, AnUnreadableSecretFileIsAUsageError) {
  EXPECT_THROW(load({"--database-url", "host=db", "--arc-api-key-file", "/nonexistent/key"}),
               UsageError);
}

TEST(Config, AMalformedDatabaseUrlIsAUsageErrorThatHidesThePassword) {
  for (const char* bad :
       {"host=db user", "postgresql://u:s3cret@[::1/db", "postgresql://h/db?nosuch=1"}) {
    try {
      load({"--database-url", bad});
      ADD_FAILURE() << bad << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("database URL"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    }
  }
}

// The ordered ARC endpoints, in each form the spec gives.
TEST(Config, ArcEndpointsComeInOrderFromFlagsTheEnvironmentOrTheFile) {
  const auto flags = load({"--database-url", "host=db", "--arc-url", "http://a.example",
                           "--arc-url", "https://b.example/arc", "--arc-api-key", "k"});
  ASSERT_EQ(flags.queue.arc.endpoints.size(), 2u);
  EXPECT_EQ(flags.queue.arc.endpoints[1].url, "https://b.example/arc");
  EXPECT_EQ(flags.queue.arc.endpoint(1).api_key, "k") << "one key for every --arc-url";

  ::setenv("ARC_URL", "http://a.example, http://b.example,,http://c.example", 1);
  const auto env = load({"--database-url", "host=db"});
  ::unsetenv("ARC_URL");
  ASSERT_EQ(env.queue.arc.endpoints.size(), 3u);
  EXPECT_EQ(env.queue.arc.endpoints[1].url, "http://b.example");

  TempFile file(R"({"arc-endpoints": [
      {"url": "http://a.example", "api-key": "ka", "callback-token": "ta"},
      {"url": "http://b.example", "callback-token": "tb"}], "arc-api-key": "shared"})",
                0600);
  testing::internal::CaptureStderr();
  const auto cfg = load({"--config", file.path(), "--database-url", "host=db"});
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "a private file: no warning";
  ASSERT_EQ(cfg.queue.arc.endpoints.size(), 2u);
  EXPECT_EQ(cfg.queue.arc.endpoint(0).api_key, "ka");
  EXPECT_EQ(cfg.queue.arc.endpoint(1).api_key, "shared");
  EXPECT_EQ(cfg.queue.arc.callback_tokens(), (std::vector<std::string>{"ta", "tb"}));
  const auto overridden =
      load({"--config", file.path(), "--database-url", "host=db", "--arc-url", "http://z.example"});
  ASSERT_EQ(overridden.queue.arc.endpoints.size(), 1u) << "flags win over the file";
}

TEST(Config, AnEmptyEndpointListInAReadableFileIsNoSecret) {
  TempFile file(R"({"arc-endpoints": [], "arc-api-key": ""})", 0644);
  testing::internal::CaptureStderr();
  const auto cfg = load({"--config", file.path(), "--database-url", "host=db"});
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(cfg.queue.arc.endpoints.empty());
  TempFile secret(R"({"arc-endpoints": [{"url": "http://a", "api-key": "k"}]})", 0644);
  testing::internal::CaptureStderr();
  load({"--config", secret.path(), "--database-url", "host=db"});
  EXPECT_NE(testing::internal::GetCapturedStderr().find("arc-endpoints"), std::string::npos);
}

TEST(Config, BadEndpointAndHeaderSettingsAreUsageErrorsNamingTheKey) {
  TempFile no_url(R"({"arc-endpoints": [{"api-key": "k"}]})", 0600);
  TempFile unknown_key(R"({"arc-endpoints": [{"url": "http://a", "key": "k"}]})", 0600);
  for (const auto* file : {&no_url, &unknown_key}) {
    try {
      load({"--config", file->path(), "--database-url", "host=db"});
      ADD_FAILURE() << "accepted " << file->path();
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("arc-endpoints"), std::string::npos) << e.what();
    }
  }
  const std::vector<std::vector<std::string>> refused = {
      {"--headers-api", "bitcoin"},
      {"--headers-url", "ftp://headers.example"},
      {"--headers-url", "http://h.example", "--trust-arc-proofs"},
      {"--callback-listen", "127.0.0.1:0", "--arc-callback-token", "t"},  // no header source
  };
  for (auto args : refused) {
    args.insert(args.begin(), {"--database-url", "host=db"});
    EXPECT_THROW(load(args), UsageError) << args[2];
  }
  EXPECT_NO_THROW(load({"--database-url", "host=db", "--callback-listen", "127.0.0.1:0",
                        "--arc-callback-token", "t", "--trust-arc-proofs"}));
  ::setenv("HEADERS_URL", "http://h.example/v1/bsv/main", 1);
  const auto cfg = load({"--database-url", "host=db"});
  ::unsetenv("HEADERS_URL");
  EXPECT_EQ(cfg.queue.proofs.headers.url, "http://h.example/v1/bsv/main");
  EXPECT_TRUE(cfg.queue.proofs.tracking());
}

}  // namespace
}  // namespace bsv::config
