#include "modules/accounts/password.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/text.hpp"

namespace cncd::accounts {

namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

PasswordHasher PasswordHasher::Interactive() {
    return PasswordHasher(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

PasswordHasher PasswordHasher::Fast() {
    return PasswordHasher(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

std::string PasswordHasher::Hash(std::string_view password) const {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    std::string out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops_, mem_,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    out.resize(out.find('\0'));
    return out;
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string stored(encoded);
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

CommonPasswords CommonPasswords::Load(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("common password list not found: " + file.string() +
                                 " (run npm ci)");
    }
    const auto list = nlohmann::json::parse(in, nullptr, false);
    if (!list.is_array() || list.empty()) {
        throw std::runtime_error("common password list is not a JSON array: " + file.string());
    }
    CommonPasswords out;
    for (const auto& word : list) {
        if (!word.is_string()) {
            throw std::runtime_error("common password list holds a non-string: " + file.string());
        }
        out.words_.insert(Lower(word.get<std::string>()));
    }
    return out;
}

CommonPasswords CommonPasswords::Of(std::initializer_list<std::string_view> words) {
    CommonPasswords out;
    for (const auto word : words) out.words_.insert(Lower(word));
    return out;
}

bool CommonPasswords::Contains(std::string_view password) const {
    return words_.contains(Lower(password));
}

Status CheckNewPassword(std::string_view password, std::string_view email,
                        const CommonPasswords& common) {
    constexpr std::string_view kField = "password";
    if (!text::IsValidUtf8(password)) {
        return InvalidArgument(std::string(kField),
                               "Le mot de passe contient des caractères invalides.");
    }
    const auto length = CodePoints(password);
    if (length < kMinPasswordLength) {
        return InvalidArgument(std::string(kField),
                               "Le mot de passe doit compter au moins 12 caractères.");
    }
    if (length > kMaxPasswordLength) {
        return InvalidArgument(std::string(kField),
                               "Le mot de passe ne doit pas dépasser 256 caractères.");
    }
    const auto lowered = Lower(password);
    const auto at = email.find('@');
    if (lowered == Lower(email) ||
        (at != std::string_view::npos && lowered == Lower(email.substr(0, at)))) {
        return InvalidArgument(std::string(kField),
                               "Le mot de passe ne doit pas reprendre votre adresse électronique.");
    }
    if (common.Contains(password)) {
        return InvalidArgument(std::string(kField),
                               "Ce mot de passe figure parmi les plus courants : choisissez-en un "
                               "autre, par exemple une phrase de plusieurs mots.");
    }
    return Ok{};
}

}  // namespace cncd::accounts
