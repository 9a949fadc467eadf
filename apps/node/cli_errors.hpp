#pragma once
/// How the subcommands report a failure: one line
/// `{"error":{"code":…,"message":…,"hint":…}}` on stderr (the hint only
/// when there is one), and the exit code for it.

#include <string>

#include "common/result.hpp"

namespace bsv::node {

/// Prints the error line and answers `exit_code`.
int fail(const std::string& code, const std::string& message, int exit_code);

/// The same with a hint: what to do about it.
int fail(const std::string& code, const std::string& message, int exit_code,
         const std::string& hint);

/// The exit code for a contract error (node-interface.md).
int exit_code_for(ErrorCode code);

/// Prints `error` (with `hint`, or the hint the error itself calls for:
/// `migrate` for a database without the current schema) and answers its
/// exit code.
int fail(const Error& error, const std::string& hint = {});

}  // namespace bsv::node
