#pragma once
/// How the subcommands report a failure: one line
/// `{"error":{"code":…,"message":…}}` on stderr, and the exit code for it.

#include <string>

#include "common/result.hpp"

namespace bsv::node {

/// Prints the error line and answers `exit_code`.
int fail(const std::string& code, const std::string& message, int exit_code);

/// The exit code for a contract error (node-interface.md).
int exit_code_for(ErrorCode code);

/// Prints `error` and answers its exit code.
int fail(const Error& error);

}  // namespace bsv::node
