// Fuzzes the node's configuration as `serve` reads it: the input up to the
// first NUL is a config file's text, the rest NUL-separated command-line
// words. Any usage error is fine (it names the culprit); nothing else may
// escape.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "config/node_config.hpp"
#include "config/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv::config;
  static const std::string path = [] {
    char name[] = "/tmp/bsv-fuzz-config.XXXXXX";
    ::close(::mkstemp(name));
    ::unsetenv("DATABASE_URL");
    ::unsetenv("ARC_URL");
    ::unsetenv("ARC_API_KEY");
    ::unsetenv("ARC_CALLBACK_TOKEN");
    return std::string(name);
  }();
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\0');
  std::ofstream(path, std::ios::trunc) << input.substr(0, cut);
  std::vector<std::string> args = {"--config", path};
  if (cut != std::string::npos) {
    std::size_t start = cut + 1;
    while (start <= input.size()) {
      const auto end = std::min(input.find('\0', start), input.size());
      const auto word = input.substr(start, end - start);
      // Another --config could name /dev/zero: the file is the input's.
      if (word.rfind("--config", 0) != 0) args.push_back(word);
      start = end + 1;
    }
  }
  try {
    Options options(args, serve_flags());
    (void)load_node_config(options);
  } catch (const UsageError&) {
  }
  return 0;
}
