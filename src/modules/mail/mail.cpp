#include "modules/mail/mail.hpp"

#include <cstdio>
#include <ctime>

namespace cncd::mail {

std::string_view StatusName(MailStatus status) {
    switch (status) {
        case MailStatus::kPending:
            return "pending";
        case MailStatus::kSending:
            return "sending";
        case MailStatus::kSent:
            return "sent";
        case MailStatus::kFailed:
            return "failed";
        case MailStatus::kCancelled:
            return "cancelled";
    }
    return "pending";
}

std::optional<MailStatus> ParseStatus(std::string_view name) {
    for (auto s : {MailStatus::kPending, MailStatus::kSending, MailStatus::kSent,
                   MailStatus::kFailed, MailStatus::kCancelled}) {
        if (StatusName(s) == name) return s;
    }
    return std::nullopt;
}

std::string FormatUtc(TimePoint time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

}  // namespace cncd::mail
