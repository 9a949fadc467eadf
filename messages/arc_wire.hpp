#pragma once
/// The values the ARC client actor exchanges (requests, verdicts, status
/// answers), with CAF inspect functions. No CAF includes.

#include <string>
#include <vector>

#include "arc/arc_client.hpp"
#include "arc/header_source.hpp"
#include "arc/verdict.hpp"

namespace bsv::messages {

/// Transactions for ARC: txids and the hex to send (EF or raw), aligned.
struct arc_request {
  std::vector<std::string> txids;
  std::vector<std::string> hex;
};

/// ARC's verdict on each transaction of an arc_request, in its order.
struct verdict_list {
  std::vector<arc::Verdict> verdicts;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, arc_request& x) {
  return f(x.txids, x.hex);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, verdict_list& x) {
  return f(x.verdicts);
}

}  // namespace bsv::messages

// Found by argument-dependent lookup, so in the types' own namespace.
namespace bsv::arc {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Verdict& x) {
  return f(x.outcome, x.tx_status, x.message, x.competing_txids, x.unknown_to_arc, x.misconfigured,
           x.endpoint);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SourceAnswer& x) {
  return f(x.verdict, x.merkle_root, x.block_hash, x.message);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HttpAnswer& x) {
  return f(x.status, x.body, x.error);
}
}  // namespace bsv::arc
