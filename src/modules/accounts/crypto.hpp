#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// Small cryptographic helpers of the accounts module, on libsodium (random bytes, SHA-256,
/// HMAC-SHA-256, constant-time comparison) plus the HMAC-SHA-1 that TOTP (RFC 6238) needs and
/// libsodium lacks.
namespace cncd::accounts {

/// `count` bytes from the operating system's CSPRNG.
std::string RandomBytes(std::size_t count);
/// A fresh random token of `bytes` bytes (32: 256 bits), base64url without padding.
std::string NewToken(std::size_t bytes = 32);
/// Base64url without padding.
std::string Base64Url(std::string_view bytes);
/// Lower-case hexadecimal.
std::string Hex(std::string_view bytes);
/// SHA-256 of `data`, in hexadecimal: how tokens are stored.
std::string Sha256Hex(std::string_view data);
/// HMAC-SHA-256 of `message` under `key` (raw 32 bytes).
std::string HmacSha256(std::string_view key, std::string_view message);
/// HMAC-SHA-1 (RFC 2104 over FIPS 180-4 SHA-1), raw 20 bytes.
std::string HmacSha1(std::string_view key, std::string_view message);
/// SHA-1 of `data`, raw 20 bytes (for HMAC-SHA-1 only).
std::string Sha1(std::string_view data);
/// True when `a` and `b` are equal; the time taken does not depend on where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
/// RFC 4648 base32 (upper case, without padding).
std::string Base32Encode(std::string_view bytes);
/// Decodes base32 (case-insensitive, spaces and padding ignored); nothing when invalid.
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace cncd::accounts
