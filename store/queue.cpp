#include "store/queue.hpp"

#include "chain/beef.hpp"
#include "store/validation.hpp"

namespace bsv::store {
namespace {

Check check_outpoints(const std::optional<std::vector<std::string>>& outpoints, const char* key) {
  for (const auto& outpoint : *outpoints) {
    if (auto err = check_text(outpoint, key, 1, 255)) return err;
  }
  return std::nullopt;
}

Check check_request(const EnqueueRequest& r) {
  if (auto err = check_txid(r.txid)) return err;
  if (auto err = check_hex(r.beef_hex, "beef_hex")) return err;
  const int parts =
      r.input_outpoints.has_value() + r.change_outpoints.has_value() + r.fund_ref.has_value();
  if (parts != 0 && parts != 3) {
    return invalid_argument(
        "input_outpoints, change_outpoints and fund_ref: give all three or none");
  }
  if (parts == 3) {
    if (auto err = check_outpoints(r.input_outpoints, "input_outpoints")) return err;
    if (auto err = check_outpoints(r.change_outpoints, "change_outpoints")) return err;
    if (auto err = check_text(*r.fund_ref, "fund_ref", 1, 255)) return err;
  }
  try {
    const auto decoded = chain::decode_broadcast(r.beef_hex);
    if (decoded.txid != r.txid) {
      return invalid_argument("beef_hex: its transaction is " + decoded.txid + ", not txid " +
                              r.txid);
    }
  } catch (const chain::ParseError& e) {
    return invalid_argument(std::string("beef_hex: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace

Result<json> BroadcastQueue::enqueue(const EnqueueRequest& request) {
  if (auto err = check_request(request)) return *err;
  return do_enqueue(request);
}

Result<std::optional<std::string>> BroadcastQueue::broadcast_status(const std::string& txid) {
  if (auto err = check_txid(txid)) return *err;
  return do_broadcast_status(txid);
}

}  // namespace bsv::store
