#pragma once
/// `bsv-wallet-node jobs abandon TXID… [--dry-run] [--force]`
/// (broadcast-queue.md, "Jobs in doubt"): an operator gives up on
/// transactions that will never confirm. The one rollback without ARC's
/// verdict, so ARC is asked first (refused while it knows the txid as
/// accepted) unless --force.

#include <string>
#include <vector>

#include "config/options.hpp"
#include "db/postgres_store.hpp"

namespace bsv::node {

/// Who runs a `jobs` subcommand, for last_error: the login user and host
/// and the subcommand ("root@wallet-1 (bsv-wallet-node jobs retry)").
std::string operator_name(const std::string& subcommand);

/// The flags `abandon` adds to `jobs`.
const std::vector<config::FlagSpec>& abandon_flags();

/// Abandons each of `txids` (or, with --dry-run, says what it would do);
/// answers the exit code: 0 when all were abandoned, 1 when some were
/// refused, 3 when ARC or the database could not be asked.
int abandon_jobs(db::PostgresStore& store, const config::Options& options,
                 const std::vector<std::string>& txids);

}  // namespace bsv::node
