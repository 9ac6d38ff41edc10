#include "modules/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace cncd::mail {
namespace {

constexpr long kPermanentFailureFrom = 500;
constexpr long kPermanentFailureTo = 599;

void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw std::runtime_error("libcurl initialisation failed");
        }
    });
}

SendOutcome Failure(std::string error) {
    return {
        .sent = false, .permanent = false, .server_unavailable = false, .error = std::move(error)};
}

bool IsServerUnavailable(CURLcode rc) {
    switch (rc) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_LOGIN_DENIED:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
            return true;
        default:
            return false;
    }
}

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t ReadCallback(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t room = size * count;
    const std::size_t left = upload->data->size() - upload->offset;
    const std::size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data->data() + upload->offset, n);
    upload->offset += n;
    return n;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};

}  // namespace

struct SmtpTransport::Handle {
    std::unique_ptr<CURL, CurlDeleter> curl;
};

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) { GlobalInit(); }

SmtpTransport::~SmtpTransport() = default;

SendOutcome SmtpTransport::Send(const std::string& from, const std::vector<std::string>& to,
                                const std::string& message) {
    if (handle_) {
        // Keeps the open connection (and the server's greeting) for this message.
        curl_easy_reset(handle_->curl.get());
    } else {
        handle_ = std::make_unique<Handle>(Handle{.curl = {curl_easy_init(), CurlDeleter{}}});
        if (!handle_->curl) {
            handle_.reset();
            return Failure("libcurl: no handle");
        }
    }
    std::unique_ptr<curl_slist, SlistDeleter> recipients;
    for (const auto& address : to) {
        curl_slist* next = curl_slist_append(recipients.get(), ("<" + address + ">").c_str());
        if (!next) return Failure("libcurl: out of memory");
        (void)recipients.release();
        recipients.reset(next);
    }
    Upload upload{.data = &message};
    char error_buffer[CURL_ERROR_SIZE] = {};
    const std::string mail_from = "<" + from + ">";
    CURL* c = handle_->curl.get();
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_USE_SSL, options_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    if (!options_.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, options_.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadCallback);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);

    const CURLcode rc = curl_easy_perform(c);
    // The options point into this call's locals: none may outlive it.
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    if (rc == CURLE_OK)
        return {.sent = true, .permanent = false, .server_unavailable = false, .error = {}};
    long response = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
    SendOutcome out = Failure(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc));
    if (response > 0) out.error += " (SMTP " + std::to_string(response) + ")";
    // After a failure, start the next message on a fresh connection.
    handle_.reset();
    out.server_unavailable = IsServerUnavailable(rc);
    // A 5xx answer refuses this mail for good (unknown recipient, message refused), unless it
    // is about us (credentials): that is fixed by the administrator, then the mail goes.
    out.permanent = !out.server_unavailable && response >= kPermanentFailureFrom &&
                    response <= kPermanentFailureTo;
    return out;
}

}  // namespace cncd::mail
