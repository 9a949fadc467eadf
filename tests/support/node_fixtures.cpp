#include "support/node_fixtures.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <stdexcept>

namespace bsv::testing {

std::unique_ptr<node::ActorStore> LocalNodeFixture::make() {
  LocalNodeOptions options;
  options.database_url = schema.conninfo();
  options.schema = schema.name();
  options.pool_size = 2;
  node = std::move(*WalletNode::start(options));
  return node->store();
}

RemoteNodeFixture::RemoteNodeFixture()
    : process({"--database-url",
               schema.conninfo() + " options='-csearch_path=" + schema.name() + "'"}) {}

RemoteNodeFixture::~RemoteNodeFixture() {
  node.reset();
  EXPECT_EQ(process.stop(SIGTERM), 0) << process.errors();
}

std::unique_ptr<node::ActorStore> RemoteNodeFixture::make() {
  RemoteNodeOptions options;
  options.port = process.port();
  auto connected = RemoteNode::connect(options);
  if (!connected) throw std::runtime_error(connected.error().message);
  node = std::move(*connected);
  return node->store();
}

}  // namespace bsv::testing
