#include "modules/accounts/mailer.hpp"

namespace cncd::accounts {

void MemoryMailer::Send(const Mail& mail) {
    std::lock_guard lock(mutex_);
    sent_.push_back(mail);
}

std::vector<Mail> MemoryMailer::Sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}

Mail MemoryMailer::LastTo(const std::string& to) const {
    std::lock_guard lock(mutex_);
    for (auto it = sent_.rbegin(); it != sent_.rend(); ++it) {
        if (it->to == to) return *it;
    }
    return {};
}

}  // namespace cncd::accounts
