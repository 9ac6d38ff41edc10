#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cncd::apd {

/// Who acts: an authority's user (on its own declarations only) or the ministry (review,
/// campaigns). The accounts policy builds it from the signed-in user.
struct Actor {
    std::optional<std::int64_t> authority_id;  ///< the organisation the user belongs to
    bool ministry = false;
    std::string name;  ///< shown in the history ("Marie Dupont (Cesson-Sévigné)")
    std::optional<std::int64_t> user_id;  ///< the signed-in user, for the audit log
    std::string email;                    ///< the user's address (receipts, audit)
    std::string ip;                       ///< the request's address (audit)

    static Actor Authority(std::int64_t id, std::string name) {
        Actor a;
        a.authority_id = id;
        a.name = std::move(name);
        return a;
    }
    static Actor Ministry(std::string name) {
        Actor a;
        a.ministry = true;
        a.name = std::move(name);
        return a;
    }
};

/// One of the eight types of expenditure that count as APD (FACTS.md), with the CRS defaults
/// the form proposes.
struct ExpenditureType {
    std::string_view code;       ///< stored in apd_lines.expenditure_type
    std::string_view label;      ///< French
    std::string_view aid_type;   ///< default CRS aid type
    std::string_view channel;    ///< default CRS channel
    std::string_view purpose;    ///< default CRS purpose code, empty: the user chooses
    bool donor_country = false;  ///< spent in France: recipient "developing countries, unspecified"
};

inline constexpr std::array<ExpenditureType, 8> kExpenditureTypes = {{
    {"cooperation", "Coopération décentralisée et jumelages avec un pays éligible", "C01", "12002",
     "", false},
    {"solidarity_1pct", "Solidarité internationale « 1 % » eau, assainissement, déchets, énergie",
     "C01", "12002", "14030", false},
    {"ngo_grants", "Subventions à des ONG de développement", "B01", "22000", "", false},
    {"multilateral", "Contributions à des organisations multilatérales", "B02", "47000", "", false},
    {"awareness", "Sensibilisation au développement en France", "H01", "22000", "99820", true},
    {"refugees", "Aide aux réfugiés en France", "H02", "22000", "93010", true},
    {"scholarships", "Bourses d'étudiants originaires de pays éligibles", "E01", "51000", "", true},
    {"follow_up", "Frais de suivi et frais administratifs", "G01", "12002", "91010", true},
}};

/// The type of that code, or nullptr.
const ExpenditureType* FindExpenditureType(std::string_view code);

/// The five OECD policy markers, in the order of Line::markers, with their IATI
/// PolicyMarker codes.
struct Marker {
    std::string_view key;    ///< "gender": JSON key and column suffix
    std::string_view label;  ///< French
    std::string_view iati_code;
};
inline constexpr std::array<Marker, 5> kMarkers = {{
    {"gender", "Égalité femmes-hommes", "1"},
    {"environment", "Environnement", "2"},
    {"biodiversity", "Biodiversité", "5"},
    {"nutrition", "Nutrition", "12"},
    {"inclusion", "Inclusion des personnes handicapées", "11"},
}};

/// A declaration line as typed: a recipient (country_iso2 OR recipient_region), a channel, a
/// sector, a type of expenditure, an aid type (empty: the type's default), an amount in whole
/// euros, the five markers 0/1/2, an optional Atlas project and a comment.
struct Line {
    std::string country_iso2;
    std::string recipient_region;
    std::string channel_code;
    std::string purpose_code;
    std::string expenditure_type;
    std::string aid_type;
    std::int64_t amount_eur = 0;
    std::array<int, 5> markers{};
    std::optional<std::int64_t> project_id;
    std::string comment;
};

/// The states of a version (and of a declaration: its current version's).
enum class State { kDraft, kSubmitted, kReturned, kValidated };
std::string_view StateCode(State s);   ///< brouillon, soumise, renvoyee, validee
std::string_view StateLabel(State s);  ///< Brouillon, Soumise, Renvoyée pour correction, Validée
std::optional<State> ParseState(std::string_view code);

struct Version {
    std::int64_t id = 0;
    int number = 0;
    State state = State::kDraft;
    bool nothing_to_declare = false;
    std::string created_at;
    std::string submitted_at;
    std::string submitted_by;
    std::string reviewed_at;
    std::string reviewed_by;
    std::int64_t total_eur = 0;
};

struct ReviewComment {
    std::int64_t id = 0;
    int version_number = 0;
    std::string kind;  ///< return, validate, note
    std::string author;
    std::string body;
    std::string created_at;
};

/// A declaration with its current version's lines and its whole history.
struct Declaration {
    std::int64_t id = 0;
    std::int64_t authority_id = 0;
    std::string authority_name;
    int year = 0;
    Version current;                      ///< the version shown and edited
    std::optional<int> validated_number;  ///< the version the statistics count
    std::vector<Line> lines;              ///< the current version's, in order
    std::vector<Version> versions;        ///< oldest first
    std::vector<ReviewComment> comments;  ///< oldest first
};

/// A check of a line or of the declaration: an error blocks saving and submitting, a warning
/// is shown next to the field and kept.
struct Issue {
    std::string field;  ///< "lines[2].amount_eur", "nothing_to_declare"
    std::string message;
    bool warning = false;
};

/// What the user sends when saving a draft.
struct Draft {
    bool nothing_to_declare = false;
    std::vector<Line> lines;
};

/// A campaign: the year declared and its window (ISO dates, inclusive).
struct Campaign {
    int year = 0;
    std::string opens_on;
    std::string closes_on;
};

/// Limits on input.
inline constexpr std::size_t kMaxLines = 500;
inline constexpr std::size_t kMaxComment = 2000;
inline constexpr std::int64_t kMaxAmountEur = 10'000'000'000;  // ten billion euros

}  // namespace cncd::apd
