#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "modules/space/space_service.hpp"

namespace cncd::space {

/// The alerts of saved searches in the background of `cncd serve`: one round
/// (SpaceService::SendAlerts) after `first_delay`, then one every `interval`. Errors are
/// logged and the next round comes as usual. Stops (after the round in progress) when
/// destroyed.
class AlertWorker {
  public:
    AlertWorker(SpaceService& service, std::chrono::seconds interval,
                std::chrono::seconds first_delay = std::chrono::seconds(60));
    ~AlertWorker();
    AlertWorker(const AlertWorker&) = delete;
    AlertWorker& operator=(const AlertWorker&) = delete;

    /// Stops the worker; idempotent.
    void Stop();

  private:
    void Run();

    SpaceService& service_;
    std::chrono::seconds interval_;
    std::chrono::seconds first_delay_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace cncd::space
