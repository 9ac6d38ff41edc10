#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "modules/mail/mail.hpp"
#include "modules/mail/smtp_transport.hpp"

namespace cncd::mail::testing {

/// A clock the test moves by hand, shared by services and senders.
class FakeClock {
  public:
    FakeClock() : seconds_(1795726074) {}  // Thu, 26 Nov 2026 20:47:54 UTC
    TimePoint Now() const { return TimePoint(std::chrono::seconds(seconds_.load())); }
    void Advance(std::chrono::seconds s) { seconds_ += s.count(); }
    Clock AsClock() {
        return [this] { return Now(); };
    }

  private:
    std::atomic<std::int64_t> seconds_;
};

/// A transport that records what it is given and answers as told (the SMTP path itself is
/// tested against a real server in smtp_transport_itest.cpp).
class RecordingTransport : public Transport {
  public:
    struct Sent {
        std::string from;
        std::vector<std::string> to;
        std::string message;
    };
    SendOutcome Send(const std::string& from, const std::vector<std::string>& to,
                     const std::string& message) override {
        if (delay.count() > 0) std::this_thread::sleep_for(delay);
        std::lock_guard lock(mutex);
        ++calls;
        if (!next.sent) return next;
        sent.push_back({from, to, message});
        return next;
    }
    std::mutex mutex;
    SendOutcome next{.sent = true, .permanent = false, .server_unavailable = false, .error = {}};
    std::vector<Sent> sent;
    int calls = 0;
    std::chrono::milliseconds delay{0};
};

/// A filter set by `set` (designated initialisers would warn about the fields left out).
inline MailFilter Filter(const std::function<void(MailFilter&)>& set) {
    MailFilter f;
    set(f);
    return f;
}

inline Mail SimpleMail(std::string to = "maire@bayonne.fr",
                       std::string subject = "Accusé de réception") {
    Mail m;
    m.to = {std::move(to)};
    m.subject = std::move(subject);
    m.text = "Bonjour,\n\nVotre déclaration a été reçue.\n";
    return m;
}

}  // namespace cncd::mail::testing
