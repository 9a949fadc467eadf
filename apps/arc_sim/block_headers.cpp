#include "apps/arc_sim/block_headers.hpp"

#include <cstring>

namespace bsv::arc {

void BlockHeaders::add(std::int64_t height, const std::string& merkle_root,
                       const std::string& hash) {
  blocks_[height] = {merkle_root, hash};
}

std::pair<int, nlohmann::json> BlockHeaders::answer(const std::string& target) {
  const std::string rest = target.substr(std::strlen(kPrefix));
  const auto slash = rest.find('/');
  std::int64_t height = -1;
  if (slash != std::string::npos && rest.substr(slash) == "/header" && slash > 0 && slash <= 9 &&
      rest.find_first_not_of("0123456789") == slash) {
    height = std::stoll(rest.substr(0, slash));
  }
  if (height < 0) return {404, {{"error", "unknown endpoint " + target}}};
  ++requests_[height];
  const auto block = blocks_.find(height);
  if (block == blocks_.end() || unknown_[height]) {
    return {404, {{"error", "block " + std::to_string(height) + " not found"}}};
  }
  std::string root = block->second.merkle_root;
  if (lying_[height]) root[0] = root[0] == '0' ? '1' : '0';  // one nibble off
  return {200, {{"hash", block->second.hash}, {"height", height}, {"merkleroot", root}}};
}

std::optional<std::string> BlockHeaders::control(const nlohmann::json& body) {
  const std::string expected = R"(expected {"height": H, "lie"?: bool, "unknown"?: bool})";
  if (!body.is_object() || !body.contains("height") || !body["height"].is_number_integer()) {
    return expected;
  }
  try {
    const auto height = body["height"].get<std::int64_t>();
    const bool lie = body.value("lie", false);
    const bool unknown = body.value("unknown", false);
    lying_[height] = lie;
    unknown_[height] = unknown;
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return expected;
  }
}

void BlockHeaders::clear() {
  blocks_.clear();
  lying_.clear();
  unknown_.clear();
  requests_.clear();
}

}  // namespace bsv::arc
