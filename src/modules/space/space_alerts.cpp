#include "modules/space/space_alerts.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace cncd::space {

AlertWorker::AlertWorker(SpaceService& service, std::chrono::seconds interval,
                         std::chrono::seconds first_delay)
    : service_(service), interval_(interval), first_delay_(first_delay) {
    thread_ = std::thread([this] { Run(); });
}

AlertWorker::~AlertWorker() { Stop(); }

void AlertWorker::Stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void AlertWorker::Run() {
    std::chrono::seconds wait = first_delay_;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (cv_.wait_for(lock, wait, [this] { return stop_; })) return;
        }
        wait = interval_;
        try {
            const AlertReport r = service_.SendAlerts();
            if (r.mails > 0)
                spdlog::info("space alerts: {} searches, {} mails, {} projects announced",
                             r.searches, r.mails, r.projects);
        } catch (const std::exception& e) {
            spdlog::error("space alerts: round stopped by an error, next in {} s: {}",
                          interval_.count(), e.what());
        }
    }
}

}  // namespace cncd::space
