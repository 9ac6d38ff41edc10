#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.hpp"

namespace cncd::accounts {

/// The shortest password accepted (ANSSI and CNIL recommend 12 characters without other rules).
inline constexpr std::size_t kMinPasswordLength = 12;
/// The longest: Argon2id takes any length, this only bounds the work a request can ask for.
inline constexpr std::size_t kMaxPasswordLength = 256;

/// Argon2id password hashing (libsodium crypto_pwhash_str): the stored string is the encoded
/// form "$argon2id$v=19$m=…,t=…,p=1$salt$hash", which carries its own parameters.
class PasswordHasher {
  public:
    /// libsodium's interactive limits (64 MiB, 2 passes): about 0.1 s per hash.
    static PasswordHasher Interactive();
    /// The smallest limits libsodium allows: for tests only (still Argon2id).
    static PasswordHasher Fast();

    /// The encoded hash of `password`. Throws std::runtime_error when out of memory.
    std::string Hash(std::string_view password) const;
    /// True when `password` matches `encoded`; false for a malformed hash.
    bool Verify(std::string_view encoded, std::string_view password) const;

  private:
    PasswordHasher(unsigned long long ops, std::size_t mem) : ops_(ops), mem_(mem) {}
    unsigned long long ops_;
    std::size_t mem_;
};

/// A list of common passwords (compared without case), read from a JSON array of strings such
/// as @zxcvbn-ts/language-common's src/passwords.json.
class CommonPasswords {
  public:
    CommonPasswords() = default;
    /// Reads the list. Throws std::runtime_error when the file is missing or not a JSON array
    /// of strings: the portal refuses to start without its list.
    static CommonPasswords Load(const std::filesystem::path& file);
    /// A list of the given words (tests).
    static CommonPasswords Of(std::initializer_list<std::string_view> words);
    bool Contains(std::string_view password) const;
    std::size_t size() const { return words_.size(); }

  private:
    std::unordered_set<std::string> words_;
};

/// Checks a new password: kMinPasswordLength to kMaxPasswordLength characters (code points),
/// valid UTF-8, not a common password, not the e-mail address or its local part. The error
/// is on field "password", in French.
Status CheckNewPassword(std::string_view password, std::string_view email,
                        const CommonPasswords& common);

}  // namespace cncd::accounts
