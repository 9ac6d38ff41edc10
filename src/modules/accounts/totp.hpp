#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 30-second steps, 6 digits.
namespace cncd::accounts {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
/// Steps accepted either side of the current one (clock drift).
inline constexpr std::int64_t kTotpWindow = 1;

/// The time step of Unix time `unix_seconds`.
std::int64_t TotpStep(std::int64_t unix_seconds);
/// The code of `secret` (raw bytes) at `step`, `digits` long with leading zeros (RFC 4226 §5.3).
std::string TotpCode(std::string_view secret, std::int64_t step, int digits = kTotpDigits);
/// The step matched by `code` within ±kTotpWindow of `now`, and later than `last_step` (a code
/// already used, or an older one, is refused: no replay). Nothing when it does not match.
std::optional<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                       std::int64_t unix_now, std::int64_t last_step);
/// A new random secret (20 bytes, as RFC 4226 recommends), base32-encoded.
std::string NewTotpSecret();
/// The otpauth:// URI authenticator applications read (Key Uri Format).
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret);

}  // namespace cncd::accounts
