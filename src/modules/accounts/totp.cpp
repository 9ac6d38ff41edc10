#include "modules/accounts/totp.hpp"

#include <cctype>

#include "modules/accounts/crypto.hpp"

namespace cncd::accounts {

namespace {

constexpr std::size_t kSecretBytes = 20;

/// Percent-encodes all but RFC 3986 unreserved characters.
std::string Encode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

}  // namespace

std::int64_t TotpStep(std::int64_t unix_seconds) {
    return unix_seconds >= 0 ? unix_seconds / kTotpStepSeconds : -1;
}

std::string TotpCode(std::string_view secret, std::int64_t step, int digits) {
    std::string counter(8, '\0');
    for (int i = 7; i >= 0; --i) {
        counter[static_cast<std::size_t>(i)] = static_cast<char>(step & 0xFF);
        step >>= 8;
    }
    const auto mac = HmacSha1(secret, counter);
    const auto offset = static_cast<std::size_t>(mac.back() & 0x0F);
    const auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[offset + i]));
    };
    const std::uint32_t binary =
        ((byte(0) & 0x7F) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    std::uint32_t modulo = 1;
    for (int i = 0; i < digits; ++i) modulo *= 10;
    std::string code = std::to_string(binary % modulo);
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
    return code;
}

std::optional<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                       std::int64_t unix_now, std::int64_t last_step) {
    if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
    const auto now = TotpStep(unix_now);
    std::optional<std::int64_t> matched;
    // Every candidate is computed and compared, so the time taken does not tell which matched.
    for (std::int64_t step = now - kTotpWindow; step <= now + kTotpWindow; ++step) {
        if (ConstantTimeEquals(TotpCode(secret, step), code) && step > last_step) matched = step;
    }
    return matched;
}

std::string NewTotpSecret() { return Base32Encode(RandomBytes(kSecretBytes)); }

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret) {
    const auto label = Encode(issuer) + ":" + Encode(account);
    return "otpauth://totp/" + label + "?secret=" + std::string(base32_secret) +
           "&issuer=" + Encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace cncd::accounts
