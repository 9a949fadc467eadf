#include "arc/header_source.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "chain/beef.hpp"
#include "store/validation.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

SourceAnswer unverifiable(std::string why) {
  return {RootVerdict::unverifiable, {}, {}, std::move(why)};
}

// Why an HTTP exchange brought no usable answer, or empty when it did (2xx).
std::string failure(int status, const std::string& body, const std::string& error) {
  if (status == 0) return "header source unreachable: " + error;
  if (status < 200 || status >= 300) {
    return "header source answered HTTP " + std::to_string(status) + ": " + body.substr(0, 200);
  }
  return {};
}

}  // namespace

std::optional<HeaderApi> parse_header_api(const std::string& name) {
  if (name == "woc") return HeaderApi::woc;
  if (name == "bhs") return HeaderApi::bhs;
  return std::nullopt;
}

std::optional<RootClaim> root_claim(const store::StatusReport& report) {
  if (report.tx_status != "MINED" || report.merkle_path.empty()) return std::nullopt;
  try {
    const auto path = chain::parse_merkle_path(chain::from_hex(report.merkle_path));
    const auto root = chain::compute_merkle_root(path, chain::hash_from_txid_hex(report.txid));
    return RootClaim{static_cast<std::int64_t>(path.block_height), chain::txid_hex(root),
                     lowercase(report.block_hash)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string woc_header_path(std::int64_t height) {
  return "/block/" + std::to_string(height) + "/header";
}

SourceAnswer read_woc_header(int status, const std::string& body, const std::string& error,
                             std::int64_t height) {
  if (status == 404) {
    return unverifiable("the header source does not know height " + std::to_string(height) +
                        " yet");
  }
  if (auto why = failure(status, body, error); !why.empty()) return unverifiable(why);
  const auto answer = json::parse(body, nullptr, false);
  if (!answer.is_object()) return unverifiable("header source answer is not a JSON object");
  const auto root = lowercase(answer.value("merkleroot", std::string()));
  const auto hash = lowercase(answer.value("hash", std::string()));
  // A root or a block hash is written as a txid is: 64 hex characters.
  if (store::check_txid(root)) return unverifiable("header source answer has no merkleroot");
  if (answer.contains("height") && answer["height"] != height) {
    return unverifiable("header source answered about another height");
  }
  return {RootVerdict::confirmed, root, store::check_txid(hash) ? "" : hash, {}};
}

std::string bhs_verify_path() {
  return "/api/v1/chain/merkleroot/verify";
}

std::string bhs_verify_body(const RootClaim& claim) {
  return json::array({{{"merkleRoot", claim.merkle_root}, {"blockHeight", claim.height}}}).dump();
}

SourceAnswer read_bhs_verdict(int status, const std::string& body, const std::string& error,
                              const RootClaim& claim) {
  if (auto why = failure(status, body, error); !why.empty()) return unverifiable(why);
  const auto answer = json::parse(body, nullptr, false);
  const auto state = answer.is_object() && answer.contains("confirmationState") &&
                             answer["confirmationState"].is_string()
                         ? answer["confirmationState"].get<std::string>()
                         : std::string();
  if (state == "CONFIRMED") return {RootVerdict::confirmed, claim.merkle_root, {}, {}};
  if (state == "INVALID") {
    return {RootVerdict::refused, {}, {}, "the header source says the root is INVALID"};
  }
  if (state == "UNABLE_TO_VERIFY") {
    return unverifiable("the header source is UNABLE_TO_VERIFY the root yet");
  }
  return unverifiable("header source answer has no confirmationState");
}

bool claim_matches(const RootClaim& claim, const std::string& known_root,
                   const std::string& known_hash) {
  return claim.merkle_root == known_root &&
         (claim.block_hash.empty() || known_hash.empty() || claim.block_hash == known_hash);
}

}  // namespace bsv::arc
