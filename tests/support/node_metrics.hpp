#pragma once
/// Reading a `serve` process's /metrics in tests.

#include <cstdint>
#include <string>
#include <vector>

#include "support/node_process.hpp"

namespace bsv::testing {

/// The non-empty lines of `text`.
std::vector<std::string> lines_of(const std::string& text);

/// The value of the sample `series` (name and labels exactly as rendered)
/// in the exposition `metrics`, or -1 when it is not there.
double sample(const std::string& metrics, const std::string& series);

/// The port `node` serves /metrics on (started with --metrics-listen
/// 127.0.0.1:0), from its log line; 0 when it has not said.
std::uint16_t metrics_port(const ReadyProcess& node);

/// `node`'s /metrics now.
std::string scrape(const ReadyProcess& node);

}  // namespace bsv::testing
