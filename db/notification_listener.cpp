#include "db/notification_listener.hpp"

#include <pqxx/connection>
#include <pqxx/notification>

#include "common/backoff.hpp"
#include "common/log.hpp"

namespace bsv::db {
namespace {

// Notifications are only a wake-up call: their payloads are not needed.
class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& conn, const std::string& channel)
      : pqxx::notification_receiver(conn, channel) {}
  void operator()(const std::string&, int) override {}
};

constexpr auto kFirstDelay = std::chrono::milliseconds(100);
constexpr auto kMaxDelay = std::chrono::milliseconds(5000);

}  // namespace

NotificationListener::NotificationListener(std::string conninfo, std::string channel,
                                           std::function<void()> on_notify)
    : conninfo_(std::move(conninfo)),
      channel_(std::move(channel)),
      on_notify_(std::move(on_notify)),
      thread_([this] { run(); }) {}

NotificationListener::~NotificationListener() {
  stop_ = true;
  thread_.join();
}

void NotificationListener::pause(std::chrono::steady_clock::duration delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stop_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void NotificationListener::run() {
  Backoff delay(kFirstDelay, kMaxDelay);
  bool reconnecting = false;
  while (!stop_) {
    try {
      pqxx::connection conn(conninfo_);
      Receiver receiver(conn, channel_);
      conn.get_notifs();  // makes sure LISTEN is in effect before we announce ourselves
      if (reconnecting) {
        log::info("db", "listening again for new jobs",
                  {{"host", conn.hostname() ? conn.hostname() : ""}});
      }
      // Notifications sent while we were away are lost: the workers claim
      // once now rather than wait for their poll.
      on_notify_();
      delay.reset();
      reconnecting = true;
      while (!stop_) {
        if (conn.await_notification(0, 200000) > 0) on_notify_();
      }
    } catch (const std::exception&) {
      pause(delay.next());
    }
  }
}

}  // namespace bsv::db
