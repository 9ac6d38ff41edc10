#include "modules/apd/apd_service.hpp"

#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "modules/apd/apd_codes.hpp"
#include "modules/apd/apd_json.hpp"

namespace cncd::apd {
namespace {

Error FailedPrecondition(std::string field, std::string message) {
    return Error{ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
}
Error PermissionDenied(std::string message) {
    return Error{ErrorCode::kPermissionDenied, std::move(message), {}};
}

std::string At(std::size_t i, std::string_view field) {
    return "lines[" + std::to_string(i) + "]." + std::string(field);
}

const Error kNoDeclaration = NotFound("Cette déclaration n'existe pas.");

}  // namespace

bool IsIsoDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    const int month = std::stoi(std::string(s.substr(5, 2)));
    const int day = std::stoi(std::string(s.substr(8, 2)));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string FrenchDate(const std::string& iso) {
    static constexpr std::array<const char*, 12> kMonths = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    if (!IsIsoDate(iso)) return iso;
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    return (day == 1 ? std::string("1er") : std::to_string(day)) + " " +
           kMonths[static_cast<std::size_t>(month - 1)] + " " + iso.substr(0, 4);
}

DeclarationService::DeclarationService(db::Database& db, Today today)
    : db_(db), today_(std::move(today)) {}

Status DeclarationService::Notify(db::Connection& c, const Actor& actor,
                                  const Change& change) const {
    if (!hook_) return Ok{};
    return hook_(c, actor, change);
}

// The change of a declaration: before (null for a creation) and after, reloaded.
namespace {
Change DeclarationChange(std::string action, const std::optional<Declaration>& before,
                         const Declaration& after) {
    Change change;
    change.action = std::move(action);
    change.record_type = "apd_declaration";
    change.record_id = std::to_string(after.id);
    change.before = before ? SnapshotJson(*before) : nlohmann::json(nullptr);
    change.after = SnapshotJson(after);
    change.declaration = &after;
    return change;
}
}  // namespace

std::string DeclarationService::TodayIso() const {
    if (today_) return today_();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[11];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

Status DeclarationService::CheckAccess(const Actor& actor, std::int64_t authority_id) const {
    if (actor.ministry) return Ok{};
    if (actor.authority_id && *actor.authority_id == authority_id) return Ok{};
    return PermissionDenied("Cette déclaration est celle d'une autre collectivité.");
}

Status DeclarationService::CheckWindow(db::Connection& c, std::int64_t authority_id,
                                       int year) const {
    const auto campaign = repo::FindCampaign(c, year);
    if (!campaign) {
        return FailedPrecondition("year", "Aucune campagne de déclaration n'est ouverte pour " +
                                              std::to_string(year) + ".");
    }
    const std::string today = TodayIso();
    if (today >= campaign->opens_on && today <= campaign->closes_on) return Ok{};
    if (const auto until = repo::ReopenedUntil(c, year, authority_id); until && today <= *until)
        return Ok{};
    if (today < campaign->opens_on) {
        return FailedPrecondition("year", "La campagne " + std::to_string(year) + " ouvre le " +
                                              FrenchDate(campaign->opens_on) +
                                              " : la déclaration ne peut pas encore être "
                                              "modifiée ni soumise.");
    }
    return FailedPrecondition(
        "year", "La campagne " + std::to_string(year) + " est close depuis le " +
                    FrenchDate(campaign->closes_on) +
                    " : la déclaration ne peut plus être modifiée ni soumise ; demandez au "
                    "ministère de la rouvrir.");
}

Result<Campaign> DeclarationService::OpenCampaign(const Actor& actor, int year,
                                                  std::string opens_on, std::string closes_on) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère ouvre une campagne.");
    if (year < 2000 || year > 2100)
        return InvalidArgument("year", "L'année déclarée doit être comprise entre 2000 et 2100.");
    const std::string next = std::to_string(year + 1);
    if (opens_on.empty()) opens_on = next + "-04-15";
    if (closes_on.empty()) closes_on = next + "-05-31";
    if (!IsIsoDate(opens_on))
        return InvalidArgument("opens_on", "Indiquez la date d'ouverture au format AAAA-MM-JJ.");
    if (!IsIsoDate(closes_on))
        return InvalidArgument("closes_on", "Indiquez la date de clôture au format AAAA-MM-JJ.");
    if (closes_on < opens_on)
        return InvalidArgument("closes_on", "La date de clôture doit suivre la date d'ouverture.");
    Campaign campaign{year, opens_on, closes_on};
    return db_.Write([&](db::Connection& c) -> Result<Campaign> {
        const auto before = repo::FindCampaign(c, year);
        repo::UpsertCampaign(c, campaign);
        Change change{"apd.campaign.open",
                      "apd_campaign",
                      std::to_string(year),
                      nullptr,
                      {{"year", year}, {"opens_on", opens_on}, {"closes_on", closes_on}},
                      nullptr};
        if (before) {
            change.before = {
                {"year", year}, {"opens_on", before->opens_on}, {"closes_on", before->closes_on}};
        }
        if (auto hooked = Notify(c, actor, change); !hooked) return hooked.error();
        return campaign;
    });
}

Status DeclarationService::Reopen(const Actor& actor, int year, std::int64_t authority_id,
                                  std::string until, std::string reason) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère rouvre une déclaration.");
    if (!IsIsoDate(until))
        return InvalidArgument("until", "Indiquez la date limite au format AAAA-MM-JJ.");
    if (reason.size() > kMaxComment)
        return InvalidArgument("reason", "Le motif ne doit pas dépasser 2 000 caractères.");
    return db_.Write([&](db::Connection& c) -> Status {
        if (!repo::FindCampaign(c, year))
            return NotFound("Aucune campagne pour " + std::to_string(year) + ".");
        if (!repo::FindAuthority(c, authority_id)) return NotFound("Collectivité inconnue.");
        const auto before = repo::ReopenedUntil(c, year, authority_id);
        repo::UpsertReopening(c, year, authority_id, until, reason);
        Change change{
            "apd.reopening.set",
            "apd_reopening",
            std::to_string(year) + ":" + std::to_string(authority_id),
            nullptr,
            {{"year", year}, {"authority_id", authority_id}, {"until", until}, {"reason", reason}},
            nullptr};
        if (before) change.before = {{"until", *before}};
        return Notify(c, actor, change);
    });
}

std::optional<Campaign> DeclarationService::FindCampaign(int year) {
    return db_.Read([&](db::Connection& c) { return repo::FindCampaign(c, year); });
}

std::vector<Campaign> DeclarationService::Campaigns() {
    return db_.Read([&](db::Connection& c) { return repo::Campaigns(c); });
}

std::optional<Campaign> DeclarationService::CurrentCampaign() {
    const auto all = Campaigns();
    const std::string today = TodayIso();
    for (const auto& k : all) {
        if (today >= k.opens_on && today <= k.closes_on) return k;
    }
    if (all.empty()) return std::nullopt;
    return all.front();
}

std::optional<std::string> DeclarationService::ReopenedUntil(int year, std::int64_t authority_id) {
    return db_.Read([&](db::Connection& c) { return repo::ReopenedUntil(c, year, authority_id); });
}

bool DeclarationService::IsOpenFor(int year, std::int64_t authority_id) {
    return db_.Read([&](db::Connection& c) { return CheckWindow(c, authority_id, year).ok(); });
}

std::optional<std::int64_t> DeclarationService::AuthorityOf(std::int64_t declaration_id) {
    return db_.Read(
        [&](db::Connection& c) { return repo::AuthorityOfDeclaration(c, declaration_id); });
}

Result<std::vector<repo::Summary>> DeclarationService::ListOf(const Actor& actor,
                                                              std::int64_t authority_id) {
    if (auto access = CheckAccess(actor, authority_id); !access) return access.error();
    return db_.Read([&](db::Connection& c) { return repo::ListForAuthority(c, authority_id); });
}

Result<Declaration> DeclarationService::Create(const Actor& actor, std::int64_t authority_id,
                                               int year, bool prefill) {
    if (auto access = CheckAccess(actor, authority_id); !access) return access.error();
    return db_.Write([&](db::Connection& c) -> Result<Declaration> {
        if (!repo::FindAuthority(c, authority_id)) return NotFound("Collectivité inconnue.");
        if (!repo::FindCampaign(c, year)) {
            return FailedPrecondition("year", "Aucune campagne de déclaration n'est ouverte pour " +
                                                  std::to_string(year) + ".");
        }
        if (!actor.ministry) {
            if (auto window = CheckWindow(c, authority_id, year); !window) return window.error();
        }
        if (repo::FindDeclarationId(c, authority_id, year)) {
            return Error{ErrorCode::kAlreadyExists,
                         "La déclaration " + std::to_string(year) +
                             " de cette collectivité existe "
                             "déjà.",
                         "year"};
        }
        const std::int64_t id = repo::InsertDeclaration(c, authority_id, year);
        if (prefill) {
            std::vector<Line> lines;
            if (const auto last = repo::FindDeclarationId(c, authority_id, year - 1)) {
                const auto header = repo::FindHeader(c, *last);
                if (header) lines = repo::Lines(c, header->current_version_id);
            }
            if (lines.empty()) {
                for (const auto& seed : repo::ProjectSeeds(c, authority_id, year)) {
                    if (seed.own_funds_eur <= 0) continue;
                    Line l;
                    l.country_iso2 = seed.country_iso2;
                    l.channel_code = "12002";
                    l.purpose_code = seed.dac_code.size() == 5 ? seed.dac_code : "15112";
                    l.expenditure_type = "cooperation";
                    l.aid_type = "C01";
                    l.amount_eur = seed.own_funds_eur;
                    l.project_id = seed.project_id;
                    lines.push_back(std::move(l));
                }
            }
            // Else the latest earlier declaration (an authority that skipped years).
            if (lines.empty()) {
                if (const auto latest = repo::LatestDeclarationBefore(c, authority_id, year)) {
                    const auto header = repo::FindHeader(c, *latest);
                    if (header) lines = repo::Lines(c, header->current_version_id);
                }
            }
            // Only lines that pass today's checks (a code may have left the lists).
            std::vector<Line> kept;
            for (auto& l : lines) {
                bool ok = true;
                for (const auto& issue : CheckOn(c, authority_id, Draft{false, {l}})) {
                    if (!issue.warning) ok = false;
                }
                if (ok && kept.size() < kMaxLines) kept.push_back(std::move(l));
            }
            // Two prefilled lines with the same key are merged.
            std::map<std::tuple<std::string, std::string, std::string, std::string, std::string,
                                std::string>,
                     std::size_t>
                seen;
            std::vector<Line> merged;
            for (auto& l : kept) {
                const auto key = std::make_tuple(l.country_iso2, l.recipient_region, l.channel_code,
                                                 l.purpose_code, l.expenditure_type, l.aid_type);
                if (const auto it = seen.find(key); it != seen.end()) {
                    merged[it->second].amount_eur += l.amount_eur;
                    continue;
                }
                seen[key] = merged.size();
                merged.push_back(std::move(l));
            }
            const auto header = repo::FindHeader(c, id);
            repo::ReplaceLines(c, header->current_version_id, merged);
        }
        auto after = *repo::LoadDeclaration(c, id);
        if (auto hooked =
                Notify(c, actor, DeclarationChange("apd.declaration.create", std::nullopt, after));
            !hooked)
            return hooked.error();
        return after;
    });
}

Result<Declaration> DeclarationService::Get(const Actor& actor, std::int64_t declaration_id) {
    return db_.Read([&](db::Connection& c) -> Result<Declaration> {
        auto d = repo::LoadDeclaration(c, declaration_id);
        if (!d) return kNoDeclaration;
        if (auto access = CheckAccess(actor, d->authority_id); !access) return access.error();
        return std::move(*d);
    });
}

Result<Declaration> DeclarationService::Find(const Actor& actor, std::int64_t authority_id,
                                             int year) {
    if (auto access = CheckAccess(actor, authority_id); !access) return access.error();
    return db_.Read([&](db::Connection& c) -> Result<Declaration> {
        const auto id = repo::FindDeclarationId(c, authority_id, year);
        if (!id) return kNoDeclaration;
        return *repo::LoadDeclaration(c, *id);
    });
}

std::vector<Issue> DeclarationService::Check(std::int64_t authority_id, const Draft& draft) {
    return db_.Read([&](db::Connection& c) { return CheckOn(c, authority_id, draft); });
}

std::vector<Issue> DeclarationService::CheckOn(db::Connection& c, std::int64_t authority_id,
                                               const Draft& draft) {
    std::vector<Issue> issues;
    const auto error = [&](std::string field, std::string message) {
        issues.push_back({std::move(field), std::move(message), false});
    };
    if (draft.lines.size() > kMaxLines) {
        error("lines", "Une déclaration compte au plus 500 lignes.");
        return issues;
    }
    if (draft.nothing_to_declare && !draft.lines.empty()) {
        error("nothing_to_declare",
              "« Rien à déclarer » exclut toute ligne : supprimez les lignes ou décochez la case.");
    }
    const CodeBook codes = CodeBook::Load(c);
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>,
             std::size_t>
        seen;
    for (std::size_t i = 0; i < draft.lines.size(); ++i) {
        const Line& l = draft.lines[i];
        const std::size_t before = issues.size();
        if (l.country_iso2.empty() == l.recipient_region.empty()) {
            error(At(i, "country_iso2"),
                  "Indiquez soit un pays bénéficiaire, soit une région (ou « pays en "
                  "développement, non spécifié »).");
        } else if (!l.country_iso2.empty()) {
            const auto country =
                l.country_iso2.size() == 2 ? repo::FindCountry(c, l.country_iso2) : std::nullopt;
            if (!country) {
                error(At(i, "country_iso2"), "Pays inconnu : choisissez-le dans la liste.");
            } else if (!country->apd_eligible) {
                issues.push_back(
                    {At(i, "country_iso2"),
                     country->name +
                         " n'est pas éligible à l'APD : il ne figure pas sur la liste des pays "
                         "bénéficiaires du Comité d'aide au développement de l'OCDE. Vérifiez "
                         "le pays ; ce montant ne pourra pas être compté comme APD.",
                     true});
            }
        } else if (!codes.Has("Region", l.recipient_region)) {
            error(At(i, "recipient_region"), "Région inconnue : choisissez-la dans la liste.");
        }
        const ExpenditureType* type = FindExpenditureType(l.expenditure_type);
        if (!type) error(At(i, "expenditure_type"), "Choisissez le type de dépense.");
        if (!codes.Has("CRSChannelCode", l.channel_code))
            error(At(i, "channel_code"), "Canal inconnu : choisissez-le dans la liste.");
        if (!codes.Has("Sector", l.purpose_code))
            error(At(i, "purpose_code"), "Secteur inconnu : choisissez-le dans la liste.");
        if (!l.aid_type.empty() && !codes.Has("AidType", l.aid_type))
            error(At(i, "aid_type"), "Type d'aide inconnu : choisissez-le dans la liste.");
        if (l.amount_eur <= 0) {
            error(At(i, "amount_eur"),
                  "Le montant doit être un nombre entier d'euros supérieur à zéro.");
        } else if (l.amount_eur > kMaxAmountEur) {
            error(At(i, "amount_eur"), "Le montant dépasse 10 milliards d'euros : vérifiez-le.");
        }
        for (std::size_t m = 0; m < kMarkers.size(); ++m) {
            if (l.markers[m] < 0 || l.markers[m] > 2) {
                error(At(i, "markers." + std::string(kMarkers[m].key)),
                      "Le marqueur « " + std::string(kMarkers[m].label) +
                          " » vaut 0 (non ciblé), 1 (objectif significatif) ou 2 (objectif "
                          "principal).");
            }
        }
        if (l.project_id && !repo::AuthorityInProject(c, authority_id, *l.project_id)) {
            error(At(i, "project_id"),
                  "Ce projet de l'Atlas n'existe pas ou n'est pas un projet de la collectivité.");
        }
        if (l.comment.size() > kMaxComment)
            error(At(i, "comment"), "Le commentaire ne doit pas dépasser 2 000 caractères.");
        bool has_error = false;
        for (std::size_t k = before; k < issues.size(); ++k) has_error |= !issues[k].warning;
        if (has_error) continue;
        const std::string aid = l.aid_type.empty() ? std::string(type->aid_type) : l.aid_type;
        const auto key = std::make_tuple(l.country_iso2 + l.recipient_region, l.channel_code,
                                         l.purpose_code, l.expenditure_type, aid);
        if (const auto it = seen.find(key); it != seen.end()) {
            error(At(i, "amount_eur"),
                  "Cette ligne reprend la ligne " + std::to_string(it->second + 1) +
                      " (même bénéficiaire, canal, secteur et type de dépense) : additionnez "
                      "les montants sur une seule ligne.");
        } else {
            seen[key] = i;
        }
    }
    return issues;
}

Result<Saved> DeclarationService::SaveDraft(const Actor& actor, std::int64_t declaration_id,
                                            const Draft& input) {
    if (actor.ministry && !actor.authority_id)
        return PermissionDenied("Le ministère ne modifie pas les lignes d'une déclaration.");
    Draft draft = input;
    for (auto& l : draft.lines) {
        if (l.aid_type.empty()) {
            if (const auto* type = FindExpenditureType(l.expenditure_type))
                l.aid_type = std::string(type->aid_type);
        }
    }
    return db_.Write([&](db::Connection& c) -> Result<Saved> {
        const auto header = repo::FindHeader(c, declaration_id);
        if (!header) return kNoDeclaration;
        if (auto access = CheckAccess(actor, header->authority_id); !access) return access.error();
        if (header->state == State::kSubmitted) {
            return FailedPrecondition("state",
                                      "La déclaration est soumise et en cours d'examen par le "
                                      "ministère : elle ne peut pas être modifiée.");
        }
        if (auto window = CheckWindow(c, header->authority_id, header->year); !window)
            return window.error();
        Saved saved;
        for (auto& issue : CheckOn(c, header->authority_id, draft)) {
            if (!issue.warning) return InvalidArgument(issue.field, issue.message);
            saved.warnings.push_back(std::move(issue));
        }
        const auto before = repo::LoadDeclaration(c, declaration_id);
        std::int64_t version = header->current_version_id;
        if (header->state != State::kDraft)
            version = repo::InsertVersion(c, declaration_id, header->current_number + 1);
        repo::ReplaceLines(c, version, draft.lines);
        repo::SetNothingToDeclare(c, version, draft.nothing_to_declare);
        repo::Touch(c, declaration_id);
        saved.declaration = *repo::LoadDeclaration(c, declaration_id);
        if (auto hooked = Notify(
                c, actor, DeclarationChange("apd.declaration.save", before, saved.declaration));
            !hooked)
            return hooked.error();
        return saved;
    });
}

Result<Declaration> DeclarationService::Submit(const Actor& actor, std::int64_t declaration_id) {
    return db_.Write([&](db::Connection& c) -> Result<Declaration> {
        const auto header = repo::FindHeader(c, declaration_id);
        if (!header) return kNoDeclaration;
        if (!actor.authority_id || *actor.authority_id != header->authority_id) {
            return PermissionDenied(
                "Seule la collectivité déclarante peut soumettre sa déclaration.");
        }
        if (auto window = CheckWindow(c, header->authority_id, header->year); !window)
            return window.error();
        if (header->state != State::kDraft) {
            return FailedPrecondition(
                "state", header->state == State::kSubmitted
                             ? "Cette déclaration est déjà soumise."
                             : "Cette version a déjà été examinée : modifiez la déclaration pour "
                               "en créer une nouvelle version.");
        }
        Draft draft{header->nothing_to_declare, repo::Lines(c, header->current_version_id)};
        if (!draft.nothing_to_declare && draft.lines.empty()) {
            return InvalidArgument("lines",
                                   "Ajoutez au moins une ligne, ou cochez « Rien à déclarer ».");
        }
        for (const auto& issue : CheckOn(c, header->authority_id, draft)) {
            if (!issue.warning) return InvalidArgument(issue.field, issue.message);
        }
        const auto before = repo::LoadDeclaration(c, declaration_id);
        repo::MarkSubmitted(c, header->current_version_id, actor.name);
        repo::Touch(c, declaration_id);
        auto after = *repo::LoadDeclaration(c, declaration_id);
        if (auto hooked =
                Notify(c, actor, DeclarationChange("apd.declaration.submit", before, after));
            !hooked)
            return hooked.error();
        return after;
    });
}

Result<Declaration> DeclarationService::Return(const Actor& actor, std::int64_t declaration_id,
                                               const std::string& comment) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère examine les déclarations.");
    if (comment.find_first_not_of(" \t\r\n") == std::string::npos) {
        return InvalidArgument("comment", "Expliquez à la collectivité ce qu'elle doit corriger.");
    }
    if (comment.size() > kMaxComment)
        return InvalidArgument("comment", "Le commentaire ne doit pas dépasser 2 000 caractères.");
    return db_.Write([&](db::Connection& c) -> Result<Declaration> {
        const auto header = repo::FindHeader(c, declaration_id);
        if (!header) return kNoDeclaration;
        if (header->state != State::kSubmitted)
            return FailedPrecondition("state", "Seule une déclaration soumise peut être renvoyée.");
        const auto before = repo::LoadDeclaration(c, declaration_id);
        repo::MarkReviewed(c, header->current_version_id, State::kReturned, actor.name);
        repo::InsertComment(c, declaration_id, header->current_version_id, "return", actor.name,
                            comment);
        repo::Touch(c, declaration_id);
        auto after = *repo::LoadDeclaration(c, declaration_id);
        auto change = DeclarationChange("apd.declaration.return", before, after);
        change.after["comment"] = comment;
        if (auto hooked = Notify(c, actor, change); !hooked) return hooked.error();
        return after;
    });
}

Result<Declaration> DeclarationService::Validate(const Actor& actor, std::int64_t declaration_id,
                                                 const std::string& comment) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère examine les déclarations.");
    if (comment.size() > kMaxComment)
        return InvalidArgument("comment", "Le commentaire ne doit pas dépasser 2 000 caractères.");
    return db_.Write([&](db::Connection& c) -> Result<Declaration> {
        const auto header = repo::FindHeader(c, declaration_id);
        if (!header) return kNoDeclaration;
        if (header->state != State::kSubmitted)
            return FailedPrecondition("state", "Seule une déclaration soumise peut être validée.");
        const auto before = repo::LoadDeclaration(c, declaration_id);
        repo::MarkReviewed(c, header->current_version_id, State::kValidated, actor.name);
        repo::Publish(c, declaration_id, header->current_version_id);
        if (!comment.empty()) {
            repo::InsertComment(c, declaration_id, header->current_version_id, "validate",
                                actor.name, comment);
        }
        auto after = *repo::LoadDeclaration(c, declaration_id);
        if (auto hooked =
                Notify(c, actor, DeclarationChange("apd.declaration.validate", before, after));
            !hooked)
            return hooked.error();
        return after;
    });
}

Result<std::vector<repo::Summary>> DeclarationService::List(const Actor& actor, int year) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère voit toutes les déclarations.");
    return db_.Read([&](db::Connection& c) { return repo::ListDeclarations(c, year); });
}

Result<std::vector<repo::Missing>> DeclarationService::NotDeclared(
    const Actor& actor, int year, const std::string& kind, const std::string& region_code,
    const std::string& department_code) {
    if (!actor.ministry) return PermissionDenied("Seul le ministère suit les déclarations.");
    if (kind.size() > 20 || region_code.size() > 5 || department_code.size() > 5)
        return InvalidArgument("kind", "Filtre invalide.");
    return db_.Read([&](db::Connection& c) {
        return repo::NotDeclared(c, year, kind, region_code, department_code);
    });
}

bool DeclarationService::HasDeclared(std::int64_t authority_id, int year) {
    return db_.Read([&](db::Connection& c) { return repo::HasDeclared(c, authority_id, year); });
}

}  // namespace cncd::apd
