// ARC's answers classified as broadcast-queue.md's table "Classifying ARC
// answers" says, row by row, top to bottom; batches; and the status query
// of the doubt resolution ("Jobs in doubt").

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arc/verdict.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;
using store::Outcome;

const std::string kTxid(64, 'a');

Verdict post(int status, const json& body) {
  return classify_answer(status, body.dump(), {}, kTxid);
}
Outcome outcome_of(int status, const json& body) {
  return post(status, body).outcome;
}
json status_object(const char* tx_status) {
  return {{"txid", kTxid}, {"txStatus", tx_status}};
}

TEST(ClassifyAnswer, AcceptedStatusesAboutTheJobsTxid) {
  for (const char* ok : {"QUEUED", "RECEIVED", "STORED", "ANNOUNCED_TO_NETWORK",
                         "REQUESTED_BY_NETWORK", "SENT_TO_NETWORK", "ACCEPTED_BY_NETWORK",
                         "SEEN_ON_NETWORK", "MINED_IN_STALE_BLOCK", "MINED"}) {
    EXPECT_EQ(outcome_of(200, status_object(ok)), Outcome::accepted) << ok;
    EXPECT_EQ(post(200, status_object(ok)).tx_status, ok);
  }
  EXPECT_EQ(outcome_of(201, status_object("SEEN_ON_NETWORK")), Outcome::accepted) << "any 2xx";
  json upper = status_object("MINED");
  upper["txid"] = std::string(64, 'A');
  EXPECT_EQ(outcome_of(200, upper), Outcome::accepted) << "hex case does not matter";
}

TEST(ClassifyAnswer, AnswerWithoutOrAboutAnotherTxidIsUnknownWhateverItSays) {
  EXPECT_EQ(outcome_of(200, {{"txStatus", "SEEN_ON_NETWORK"}}), Outcome::unknown);
  EXPECT_EQ(outcome_of(200, {{"txStatus", "REJECTED"}}), Outcome::unknown);
  EXPECT_EQ(outcome_of(200, {{"txid", std::string(64, 'b')}, {"txStatus", "MINED"}}),
            Outcome::unknown);
  EXPECT_EQ(outcome_of(200, {{"txid", std::string(64, 'b')}, {"txStatus", "REJECTED"}}),
            Outcome::unknown)
      << "a refusal of another transaction refuses nothing of ours";
}

TEST(ClassifyAnswer, RefusalNamingADoubleSpendIsALostDoubleSpend) {
  json with_competitors = status_object("REJECTED");
  with_competitors["competingTxs"] = {std::string(64, 'c'), "not-a-txid", 7};
  auto verdict = post(200, with_competitors);
  EXPECT_EQ(verdict.outcome, Outcome::lost_double_spend);
  EXPECT_EQ(verdict.competing_txids, std::vector<std::string>{std::string(64, 'c')})
      << "only well-formed txids are kept";
  for (const char* words : {"double spend detected", "Double-Spend of input", "DOUBLE SPEND"}) {
    json named = status_object("REJECTED");
    named["extraInfo"] = words;
    EXPECT_EQ(outcome_of(200, named), Outcome::lost_double_spend) << words;
  }
  json empty_list = status_object("REJECTED");
  empty_list["competingTxs"] = json::array();
  EXPECT_EQ(outcome_of(200, empty_list), Outcome::rejected) << "an empty list names nobody";
}

TEST(ClassifyAnswer, RefusedStatusesAreRejected) {
  for (const char* bad : {"REJECTED", "INVALID", "MALFORMED"}) {
    json answer = status_object(bad);
    answer["extraInfo"] = "bad script";
    auto verdict = post(200, answer);
    EXPECT_EQ(verdict.outcome, Outcome::rejected) << bad;
    EXPECT_EQ(verdict.message, std::string(bad) + ": bad script");
  }
}

TEST(ClassifyAnswer, UnsettledRacesAndOrphansAreUnknownKeepingTheCompetitors) {
  json race = status_object("DOUBLE_SPEND_ATTEMPTED");
  race["competingTxs"] = {std::string(64, 'd')};
  race["extraInfo"] = "double spend attempted";
  auto verdict = post(200, race);
  EXPECT_EQ(verdict.outcome, Outcome::unknown) << "the race is not decided yet";
  EXPECT_EQ(verdict.competing_txids.size(), 1u);
  EXPECT_EQ(outcome_of(200, status_object("SEEN_IN_ORPHAN_MEMPOOL")), Outcome::unknown);
}

TEST(ClassifyAnswer, UnknownStatusesAndMalformedBodiesAreUnknown) {
  EXPECT_EQ(outcome_of(200, status_object("SOMETHING_NEW")), Outcome::unknown);
  EXPECT_EQ(outcome_of(200, status_object("UNKNOWN")), Outcome::unknown);
  EXPECT_EQ(outcome_of(200, {{"txid", kTxid}}), Outcome::unknown) << "no txStatus";
  EXPECT_EQ(classify_answer(200, "[1]", {}, kTxid).outcome, Outcome::unknown);
  EXPECT_EQ(classify_answer(200, "{oops", {}, kTxid).outcome, Outcome::unknown);
  EXPECT_EQ(classify_answer(200, "", {}, kTxid).outcome, Outcome::unknown);
}

TEST(ClassifyAnswer, HttpVerdictsOnTheTransaction) {
  auto conflict = classify_answer(
      466, R"({"title":"Conflict","competingTxs":[")" + std::string(64, 'e') + R"("]})", {}, kTxid);
  EXPECT_EQ(conflict.outcome, Outcome::lost_double_spend);
  EXPECT_EQ(conflict.competing_txids.size(), 1u);
  for (int code : {400, 460, 461, 462, 463, 464, 465, 467, 468, 469, 471, 472, 473, 474, 475}) {
    EXPECT_EQ(outcome_of(code, json::object()), Outcome::rejected) << code;
  }
  EXPECT_EQ(classify_answer(461, R"({"title":"T","detail":"bad script"})", {}, kTxid).message,
            "HTTP 461: bad script");
  EXPECT_EQ(classify_answer(465, R"({"title":"Fee too low"})", {}, kTxid).message,
            "HTTP 465: Fee too low");
  EXPECT_EQ(classify_answer(463, "not json", {}, kTxid).message, "HTTP 463");
}

TEST(ClassifyAnswer, EverythingElseIsTransientAndAWrongKeyOrUrlSaysSo) {
  for (int code : {401, 403, 404, 405}) {
    auto verdict = post(code, json::object());
    EXPECT_EQ(verdict.outcome, Outcome::transient) << code;
    EXPECT_TRUE(verdict.misconfigured) << code;
  }
  for (int code : {408, 409, 413, 422, 429, 470, 476, 500, 502, 503, 504, 302, 101}) {
    auto verdict = post(code, json::object());
    EXPECT_EQ(verdict.outcome, Outcome::transient) << code;
    EXPECT_FALSE(verdict.misconfigured) << code;
  }
  EXPECT_EQ(classify_answer(0, {}, "connect failed: Connection refused", kTxid).outcome,
            Outcome::transient);
  EXPECT_EQ(classify_answer(0, {}, "read: timeout", kTxid).outcome, Outcome::transient);
}

TEST(ClassifyBatch, MatchesAnswersByTxidInAnyOrder) {
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  const json body = json::array(
      {{{"txid", b}, {"txStatus", "REJECTED"}}, {{"txid", a}, {"txStatus", "SEEN_ON_NETWORK"}}});
  auto verdicts = classify_batch(200, body.dump(), {}, {a, b, c});
  ASSERT_EQ(verdicts.size(), 3u);
  EXPECT_EQ(verdicts[0].outcome, Outcome::accepted);
  EXPECT_EQ(verdicts[1].outcome, Outcome::rejected);
  EXPECT_EQ(verdicts[2].outcome, Outcome::unknown) << "ARC may have stored c";
  for (const auto& v : classify_batch(503, "{}", {}, {a, b})) {
    EXPECT_EQ(v.outcome, Outcome::transient);
  }
  for (const auto& v : classify_batch(200, "{}", {}, {a})) EXPECT_EQ(v.outcome, Outcome::unknown);
  const json problems = json::array({{{"txid", a}, {"status", 466}, {"title", "Conflict"}}});
  EXPECT_EQ(classify_batch(200, problems.dump(), {}, {a})[0].outcome, Outcome::lost_double_spend);
}

TEST(ClassifyStatusQuery, NotFoundMeansBroadcastAgainAndNoAnswerMeansAskLater) {
  auto missing = classify_status_query(404, "{}", {}, kTxid);
  EXPECT_EQ(missing.outcome, Outcome::transient);
  EXPECT_TRUE(missing.unknown_to_arc);
  for (int code : {500, 503, 401, 429}) {
    auto later = classify_status_query(code, "{}", {}, kTxid);
    EXPECT_EQ(later.outcome, Outcome::transient) << code;
    EXPECT_FALSE(later.unknown_to_arc) << code;
  }
  EXPECT_EQ(classify_status_query(0, {}, "timeout", kTxid).outcome, Outcome::transient);
  EXPECT_EQ(classify_status_query(200, status_object("MINED").dump(), {}, kTxid).outcome,
            Outcome::accepted);
  EXPECT_EQ(classify_status_query(200, status_object("REJECTED").dump(), {}, kTxid).outcome,
            Outcome::rejected);
  EXPECT_EQ(
      classify_status_query(200, status_object("DOUBLE_SPEND_ATTEMPTED").dump(), {}, kTxid).outcome,
      Outcome::unknown);
}

}  // namespace
}  // namespace bsv::arc
