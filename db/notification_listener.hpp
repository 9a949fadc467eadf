#pragma once
/// NotificationListener: one connection that LISTENs on a channel, on its
/// own thread, and calls `on_notify` when notifications arrive (once per
/// wake-up, however many came together) and after every (re)connect, since
/// notifications sent while it was not listening are lost. A lost
/// connection is reopened with growing delays (0.1 s doubling to 5 s).

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace bsv::db {

class NotificationListener {
 public:
  NotificationListener(std::string conninfo, std::string channel, std::function<void()> on_notify);
  /// Stops listening and joins the thread (within about 0.2 s).
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

 private:
  void run();
  void pause(std::chrono::steady_clock::duration delay);

  std::string conninfo_;
  std::string channel_;
  std::function<void()> on_notify_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace bsv::db
