// Fuzzes what comes back from ARC: the first two bytes are the HTTP status
// (100..599), the rest the body, classified as a single answer and as a
// batch answer; the body is also read as a status report (and the root it
// claims), a callback, and a header source's answer in both forms.

#include <cstddef>
#include <cstdint>
#include <string>

#include "arc/header_source.hpp"
#include "arc/status_report.hpp"
#include "arc/verdict.hpp"
#include "store/proof_tracking.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv;
  if (size < 2) return 0;
  const int status = 100 + (data[0] << 8 | data[1]) % 500;
  const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::vector<std::string> txids = {std::string(64, 'a'), std::string(64, 'b')};
  const auto one = arc::classify_answer(status, body, {}, txids[0]);
  // Settle on evidence: a 5xx never rolls anything back.
  if (status >= 500 && one.outcome != store::Outcome::transient) __builtin_trap();
  const auto query = arc::classify_status_query(status, body, {}, txids[0]);
  if (query.unknown_to_arc != (status == 404)) __builtin_trap();
  const auto many = arc::classify_batch(status, body, {}, txids);
  if (many.size() != txids.size()) __builtin_trap();  // one verdict per transaction
  if (auto report = arc::parse_status_report(body)) {
    (void)store::check_merkle_path(*report);
    (void)store::decide({"tracking", "SEEN_ON_NETWORK", "", 0}, *report, 600);
    (void)arc::root_claim(*report);
  }
  (void)arc::parse_callback_body(body);
  // A header source never confirms on an error status or a 404.
  const auto woc = arc::read_woc_header(status, body, {}, 7);
  const arc::RootClaim claim{7, std::string(64, 'c'), {}};
  const auto bhs = arc::read_bhs_verdict(status, body, {}, claim);
  const bool ok = status >= 200 && status < 300;
  if (!ok && (woc.verdict != arc::RootVerdict::unverifiable ||
              bhs.verdict != arc::RootVerdict::unverifiable)) {
    __builtin_trap();
  }
  return 0;
}
