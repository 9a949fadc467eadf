// embedded_node: a wallet program that runs the store in its own process
// through the embeddable API, or talks to a running node.
//
//   embedded_node DATABASE_URL          a node in this process over that database
//   embedded_node --node HOST:PORT      a node elsewhere
//
// It stores two outputs, locks one, lists what is still spendable and
// removes what it wrote. Exit 0 when every step did what it should.

#include <cstdlib>
#include <iostream>
#include <string>

#include "node/remote_node.hpp"
#include "node/wallet_node.hpp"

namespace {

int fail(const std::string& step, const bsv::Error& error) {
  std::cerr << step << " failed: " << bsv::to_string(error.code) << ": " << error.message << "\n";
  return 1;
}

bsv::Result<std::unique_ptr<bsv::StoreSource>> open(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--node") {
    const std::string address = argv[2];
    bsv::RemoteNodeOptions options;
    options.host = address.substr(0, address.rfind(':'));
    options.port = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
    return bsv::as_store_source(bsv::RemoteNode::connect(options));
  }
  bsv::LocalNodeOptions options;
  options.database_url = argc == 2 ? argv[1] : "";
  options.pool_size = 2;
  return bsv::as_store_source(bsv::WalletNode::start(options));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: embedded_node DATABASE_URL | --node HOST:PORT\n";
    return 2;
  }
  auto node = open(argc, argv);
  if (!node) return fail("open", node.error());
  auto store = (*node)->store();

  const std::string a = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0.0";
  const std::string b = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0.1";
  for (const auto& [outpoint, sats] : {std::pair{a, 1000}, std::pair{b, 250}}) {
    auto stored =
        store->store_output({{"outpoint", outpoint}, {"satoshis", sats}, {"basket", "example"}});
    if (!stored) return fail("store_output", stored.error());
  }
  auto locked = store->lock_utxos({a}, "example-spend");
  if (!locked) return fail("lock_utxos", locked.error());
  bsv::store::SpendableQuery query;
  query.basket = "example";
  auto spendable = store->find_spendable_outputs(query);
  if (!spendable) return fail("find_spendable_outputs", spendable.error());
  std::cout << "locked " << locked->size() << ", spendable " << spendable->size() << ": "
            << (spendable->empty() ? "" : spendable->front()["outpoint"].get<std::string>())
            << "\n";
  store->delete_output(a);
  store->delete_output(b);
  const bool as_expected =
      locked->size() == 1 && spendable->size() == 1 && spendable->front()["outpoint"] == b;
  return as_expected ? 0 : 1;
}
