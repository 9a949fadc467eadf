// header_checker (actors/header_checker.hpp). A question walks: the
// headers being written -> wallet_block_headers -> the header source,
// stopping at the first header that settles it. The table is the one
// place a confirmed header lives (shared by every node, healed by the next
// source answer when two nodes race); memory holds only the headers whose
// write is still in flight (a confirmation is answered once its header is
// in the table), and the questions waiting for the source, by
// key (height for woc, height and root for bhs), so that each key costs
// one request however many transactions of the block ask.

#include "actors/header_checker.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <map>
#include <optional>

#include "arc/arc_client.hpp"
#include "arc/header_source.hpp"
#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using arc::RootClaim;
using arc::RootVerdict;
using arc::SourceAnswer;
using header_done_atom = caf::atom_constant<caf::atom("hdr_done")>;

struct Known {
  std::string merkle_root, block_hash;
};

bool operator==(const Known& a, const Known& b) {
  return a.merkle_root == b.merkle_root && a.block_hash == b.block_hash;
}

struct Question {
  RootClaim claim;
  caf::response_promise promise;
  std::optional<Known> remembered;  // the table's header when asked, for the reorg log
};

// A header being written to the table, and the questions it answers once
// it is there (answered earlier, a proof could reach the store first and
// be refused against the table's older header).
struct Write {
  Known header;
  std::vector<Question> waiting;
};

struct checker_state {
  arc::HeaderApi api = arc::HeaderApi::woc;
  std::unique_ptr<arc::ArcClient> client;
  queue_store_api store;
  std::map<std::int64_t, Write> writing;                // by height: being remembered
  std::map<std::string, std::vector<Question>> asking;  // by source key
  std::shared_ptr<metrics::Registry> metrics;
  static inline const char* name = "header_checker";
};

using self_pointer = caf::stateful_actor<checker_state>*;

const char* verdict_name(RootVerdict verdict) {
  switch (verdict) {
    case RootVerdict::confirmed:
      return "confirmed";
    case RootVerdict::refused:
      return "refused";
    case RootVerdict::unverifiable:
      return "unverifiable";
  }
  return "unverifiable";
}

metrics::Counter& checks(metrics::Registry& registry, RootVerdict verdict) {
  return registry.counter("bsv_header_checks_total",
                          "Merkle roots checked against the header source, by verdict",
                          {{"result", verdict_name(verdict)}});
}

metrics::Counter& source_requests(metrics::Registry& registry, const char* result) {
  return registry.counter("bsv_header_source_requests_total",
                          "Requests to the header source: answered, or failed (no usable answer)",
                          {{"result", result}});
}

void answer(checker_state& st, Question& question, SourceAnswer verdict) {
  checks(*st.metrics, verdict.verdict).add();
  question.promise.deliver(std::move(verdict));
}

// The verdict on `claim` from the header the source gave for its height.
SourceAnswer judge(const RootClaim& claim, const Known& header) {
  if (claim.merkle_root == header.merkle_root) {
    return {RootVerdict::confirmed, header.merkle_root, header.block_hash, {}};
  }
  return {RootVerdict::refused, header.merkle_root, header.block_hash,
          "the header source has another merkle root at height " + std::to_string(claim.height)};
}

void log_reorg(std::int64_t height, const Known& before, const Known& header) {
  log::warn("headers", "the header source gives another header for a remembered height (reorg)",
            {{"height", height},
             {"old_root", before.merkle_root},
             {"new_root", header.merkle_root},
             {"old_hash", before.block_hash},
             {"new_hash", header.block_hash}});
}

// The write of `header` at `height` ended: its questions are answered
// (unverifiable when it failed: the source is asked again next time).
void written(self_pointer self, std::int64_t height, const Known& header,
             const std::optional<std::string>& failure) {
  auto& st = self->state;
  auto it = st.writing.find(height);
  if (it == st.writing.end() || !(it->second.header == header)) return;  // a newer one is out
  auto waiting = std::move(it->second.waiting);
  st.writing.erase(it);
  for (auto& q : waiting) {
    answer(st, q,
           failure ? SourceAnswer{RootVerdict::unverifiable, {}, {}, *failure}
                   : judge(q.claim, header));
  }
}

// A header the source gave goes into the table, whose statement also
// sends the proofs stored at that height for another block back to
// tracking; `questions` are answered once it is there.
void remember(self_pointer self, std::int64_t height, const Known& header,
              std::vector<Question> questions) {
  auto& st = self->state;
  const auto& before = questions.front().remembered;
  if (before && !(*before == header)) log_reorg(height, *before, header);
  auto& write = st.writing[height];
  const bool in_flight = write.header == header;
  write.header = header;
  for (auto& q : questions) write.waiting.push_back(std::move(q));
  if (in_flight) return;
  store::BlockHeader row{height, header.merkle_root, header.block_hash};
  self->request(st.store, caf::infinite, remember_block_header_atom::value, row)
      .then(
          [self, height, header](std::int64_t rechecked) {
            if (rechecked > 0) {
              log::warn("headers", "proofs stored at a reorganised height are checked again",
                        {{"height", height}, {"proofs", rechecked}});
            }
            written(self, height, header, std::nullopt);
          },
          [self, height, header](caf::error& error) {
            const auto why = "cannot remember the header: " + self->system().render(error);
            log::warn("headers", why, {{"height", height}});
            written(self, height, header, why);
          });
}

std::string source_key(const checker_state& st, const RootClaim& claim) {
  const auto height = std::to_string(claim.height);
  return st.api == arc::HeaderApi::woc ? height : height + " " + claim.merkle_root;
}

// The source's answer for `key`: every question waiting on it is answered.
void on_source_answer(self_pointer self, const std::string& key, SourceAnswer& said) {
  auto& st = self->state;
  auto it = st.asking.find(key);
  if (it == st.asking.end()) return;
  auto questions = std::move(it->second);
  st.asking.erase(it);
  source_requests(*st.metrics, said.verdict == RootVerdict::unverifiable ? "failed" : "answered")
      .add();
  const auto& first = questions.front().claim;
  if (said.verdict == RootVerdict::confirmed) {
    // woc: the block's header; bhs: the claim's root, with ARC's hash.
    const Known header{said.merkle_root,
                       st.api == arc::HeaderApi::woc ? said.block_hash : first.block_hash};
    remember(self, first.height, header, std::move(questions));
    return;
  }
  for (auto& q : questions) answer(st, q, said);
}

void ask_source(self_pointer self, Question question) {
  auto& st = self->state;
  const auto key = source_key(st, question.claim);
  auto& waiting = st.asking[key];
  waiting.push_back(std::move(question));
  if (waiting.size() > 1) return;  // a request for this key is out
  const auto claim = waiting.front().claim;
  auto reply = [address = self->address(), key, claim, api = st.api](const arc::HttpAnswer& a) {
    auto said = api == arc::HeaderApi::woc
                    ? arc::read_woc_header(a.status, a.body, a.error, claim.height)
                    : arc::read_bhs_verdict(a.status, a.body, a.error, claim);
    if (auto handle = caf::actor_cast<caf::actor>(address)) {
      caf::anon_send(handle, header_done_atom::value, key, std::move(said));
    }
  };
  if (st.api == arc::HeaderApi::woc) {
    st.client->get(arc::woc_header_path(claim.height), std::move(reply));
  } else {
    st.client->post(arc::bhs_verify_path(), arc::bhs_verify_body(claim), std::move(reply));
  }
}

// A header settles a matching claim; anything else goes to the source
// (which may know of a reorg).
void check_against(self_pointer self, Question question, const std::optional<Known>& header) {
  const auto& claim = question.claim;
  if (header && arc::claim_matches(claim, header->merkle_root, header->block_hash)) {
    return answer(self->state, question, judge(claim, *header));
  }
  question.remembered = header;
  ask_source(self, std::move(question));
}

// A claim about a height whose header is being written: answered once it
// is there when it matches, else asked of the source.
void check_writing(self_pointer self, Question question, Write& write) {
  const auto& header = write.header;
  if (arc::claim_matches(question.claim, header.merkle_root, header.block_hash)) {
    write.waiting.push_back(std::move(question));
    return;
  }
  question.remembered = header;
  ask_source(self, std::move(question));
}

// The header being written, else the table's, else the source.
void check(self_pointer self, Question question) {
  auto& st = self->state;
  if (auto it = st.writing.find(question.claim.height); it != st.writing.end()) {
    return check_writing(self, std::move(question), it->second);
  }
  self->request(st.store, caf::infinite, find_block_header_atom::value, question.claim.height)
      .then(
          [self, question](store::BlockHeader& row) mutable {
            // The source may have answered meanwhile: its header is newer.
            auto& writing = self->state.writing;
            if (auto it = writing.find(row.height); it != writing.end()) {
              return check_writing(self, std::move(question), it->second);
            }
            std::optional<Known> header;
            if (!row.merkle_root.empty()) header = Known{row.merkle_root, row.block_hash};
            check_against(self, std::move(question), header);
          },
          [self, question](caf::error&) mutable { ask_source(self, std::move(question)); });
}

caf::behavior header_checker(self_pointer self, const HeaderSourceOptions& source,
                             queue_store_api store, std::shared_ptr<metrics::Registry> registry) {
  auto& st = self->state;
  st.api = *arc::parse_header_api(source.api);  // checked at spawn
  arc::ArcSettings settings;
  settings.endpoints = {{source.url, source.api_key, {}}};
  settings.timeout = source.timeout;
  if (st.api == arc::HeaderApi::woc) settings.auth_scheme.clear();  // the bare key
  st.client = std::move(*arc::ArcClient::create(settings));         // checked at spawn
  st.store = std::move(store);
  st.metrics = std::move(registry);
  return {
      [self](check_root_atom, std::int64_t height, std::string& root,
             std::string& hash) -> caf::result<SourceAnswer> {
        Question question{
            {height, std::move(root), std::move(hash)}, self->make_response_promise(), {}};
        check(self, std::move(question));
        return caf::delegated<SourceAnswer>{};
      },
      [self](header_done_atom, const std::string& key, SourceAnswer& said) {
        on_source_answer(self, key, said);
      },
  };
}

}  // namespace

void announce_header_series(metrics::Registry& registry) {
  for (auto verdict : {RootVerdict::confirmed, RootVerdict::refused, RootVerdict::unverifiable}) {
    checks(registry, verdict);
  }
  source_requests(registry, "answered");
  source_requests(registry, "failed");
}

Result<messages::header_checker_api> spawn_header_checker(
    caf::actor_system& system, const HeaderSourceOptions& source, messages::queue_store_api store,
    std::shared_ptr<metrics::Registry> metrics) {
  if (!arc::parse_header_api(source.api)) {
    return invalid_argument("headers-api: '" + source.api + "' is neither woc nor bhs");
  }
  if (auto error = arc::check_http_url(source.url, "headers-url")) return *error;
  if (!metrics) metrics = std::make_shared<metrics::Registry>();
  return caf::actor_cast<messages::header_checker_api>(
      system.spawn(header_checker, source, std::move(store), std::move(metrics)));
}

}  // namespace bsv::actors
