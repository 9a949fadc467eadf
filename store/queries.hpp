#pragma once
/// Typed queries of the Store contract. Absent optionals mean "no filter".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bsv::store {

/// How a list of labels or tags is matched: `all` = the record carries every
/// value (an empty list matches everything); `any` = at least one (an empty
/// list matches nothing).
enum class MatchMode { any, all };

/// Pagination shared by every find: limit 1..10000 (default 10), offset >= 0.
struct Page {
  std::int64_t limit = 10;
  std::int64_t offset = 0;
};

struct ActionQuery {
  std::optional<std::vector<std::string>> labels;
  MatchMode label_mode = MatchMode::any;
  std::optional<std::string> txid;
  std::optional<std::string> status;
  Page page;
};

struct OutputQuery {
  std::optional<std::string> outpoint;
  std::optional<std::string> basket;
  std::optional<std::vector<std::string>> tags;
  MatchMode tag_mode = MatchMode::any;
  /// true: every state; false: only outputs whose effective state is spendable.
  bool include_spent = false;
  Page page;
};

struct CertificateQuery {
  /// Any of these certifiers / types; an empty list matches nothing.
  std::optional<std::vector<std::string>> certifiers;
  std::optional<std::vector<std::string>> types;
  std::optional<std::string> subject;
  /// Pairs (field name, value) that the certificate's `fields` must all hold.
  std::vector<std::pair<std::string, std::string>> attributes;
  Page page;
};

enum class SortOrder { asc, desc };

struct SpendableQuery {
  std::optional<std::string> basket;
  std::int64_t min_satoshis = 0;
  SortOrder order = SortOrder::desc;
  /// At most this many (1..10000); absent: every spendable output.
  std::optional<std::int64_t> limit;
};

/// The order in which allocate_utxos considers outputs; ties always by
/// insertion order, missing satoshis counting as 0.
enum class AllocationStrategy { largest_first, smallest_first, oldest_first };
const char* to_string(AllocationStrategy strategy);
std::optional<AllocationStrategy> parse_allocation_strategy(const std::string& text);

/// One allocate_utxos call: fund `target_satoshis` from spendable outputs.
struct AllocationRequest {
  std::int64_t target_satoshis = 0;  ///< 1..2.1e15
  std::string reference;             ///< stored as pending_reference, 1..255 characters
  std::optional<std::string> basket;
  std::int64_t min_satoshis = 0;   ///< outputs below this are never taken
  std::int64_t max_outputs = 100;  ///< 1..1000
  AllocationStrategy strategy = AllocationStrategy::largest_first;
  bool no_send = false;
};

}  // namespace bsv::store
