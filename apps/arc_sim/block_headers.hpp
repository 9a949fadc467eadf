#pragma once
/// The block headers arc-sim serves for the blocks it mines, in
/// WhatsOnChain's form (the `woc` header source of
/// ../shared/spec/broadcast-queue.md, "Block headers"):
///   GET /v1/bsv/main/block/{height}/header  {"hash", "height", "merkleroot"}
///                                           (display hex), 404 for a height
///                                           it has not mined (or is told not
///                                           to know)
/// and the control to make it lie:
///   POST /control/headers {"height": H, "lie": true}     another merkleroot
///                         {"height": H, "unknown": true} 404 for that height
///                         {"height": H}                  the truth again
/// Not thread-safe: the simulator calls it under its lock.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace bsv::arc {

class BlockHeaders {
 public:
  /// The path prefix of the header endpoint.
  static constexpr const char* kPrefix = "/v1/bsv/main/block/";

  /// Remembers a mined block (root and hash in display hex).
  void add(std::int64_t height, const std::string& merkle_root, const std::string& hash);

  /// The answer to GET `target` (which starts with kPrefix): status and body.
  std::pair<int, nlohmann::json> answer(const std::string& target);

  /// Applies a /control/headers body; a 400 body naming what is wrong, or
  /// nullopt when applied.
  std::optional<std::string> control(const nlohmann::json& body);

  /// Header requests by height, for /control/stats.
  const std::map<std::int64_t, int>& requests() const { return requests_; }

  void clear();

 private:
  struct Block {
    std::string merkle_root;
    std::string hash;
  };
  std::map<std::int64_t, Block> blocks_;
  std::map<std::int64_t, bool> lying_;    // height → a false root
  std::map<std::int64_t, bool> unknown_;  // height → answered 404
  std::map<std::int64_t, int> requests_;
};

}  // namespace bsv::arc
