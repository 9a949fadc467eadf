#include "bench/instant_arc.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <string>

namespace bsv::bench {
namespace {

using namespace bsv::messages;

caf::behavior instant_arc(caf::event_based_actor*) {
  return {
      [](arc_submit_atom, const arc_request& request) {
        verdict_list out;
        for (std::size_t i = 0; i < request.txids.size(); ++i) {
          out.verdicts.push_back(
              arc::make_verdict(store::Outcome::accepted, "instant ARC", "SEEN_ON_NETWORK"));
        }
        return out;
      },
      [](arc_status_atom, const std::string& txid, const std::string&) {
        return arc::HttpAnswer{
            200, R"({"txid":")" + txid + R"(","txStatus":"SEEN_ON_NETWORK"})", {}};
      },
  };
}

}  // namespace

messages::arc_api InstantArc::spawn(caf::actor_system& system) {
  return caf::actor_cast<messages::arc_api>(system.spawn(instant_arc));
}

}  // namespace bsv::bench
