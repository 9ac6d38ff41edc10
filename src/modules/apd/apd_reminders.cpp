#include "modules/apd/apd_reminders.hpp"

#include <algorithm>
#include <ctime>
#include <string_view>

#include "modules/accounts/audit.hpp"
#include "modules/apd/apd_repository.hpp"

namespace cncd::apd {
namespace {

constexpr std::string_view kDates =
    "SELECT remind_on FROM apd_reminders WHERE year = ? ORDER BY remind_on";
constexpr std::string_view kDeleteDates = "DELETE FROM apd_reminders WHERE year = ?";
constexpr std::string_view kInsertDate =
    "INSERT INTO apd_reminders (year, remind_on) VALUES (?, ?)";
constexpr std::string_view kAuthorityEmails =
    "SELECT DISTINCT u.email FROM users u JOIN organisations o ON o.id = u.organisation_id"
    " WHERE u.status = 'active' AND o.status = 'active' AND (o.authority_id = ?1 OR o.id IN"
    " (SELECT organisation_id FROM organisation_authorities WHERE authority_id = ?1))"
    " ORDER BY u.email LIMIT 50";
constexpr std::size_t kMaxDates = 6;

// 08:00 UTC on an ISO date.
mail::TimePoint MorningOf(const std::string& iso) {
    std::tm tm{};
    tm.tm_year = std::stoi(iso.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(iso.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(iso.substr(8, 2));
    tm.tm_hour = 8;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

std::vector<std::string> AuthorityEmails(db::Connection& c, std::int64_t authority_id) {
    return c.QueryAll<std::string>(kAuthorityEmails, {authority_id},
                                   [](const db::Row& r) { return r.Text(0); });
}

Reminders::Reminders(db::Database& db, DeclarationService& service, const mail::MailService& mail,
                     std::string public_url)
    : db_(db), service_(service), mail_(mail), public_url_(std::move(public_url)) {}

std::vector<std::string> Reminders::Dates(int year) {
    return db_.Read([&](db::Connection& c) {
        return c.QueryAll<std::string>(kDates, {std::int64_t{year}},
                                       [](const db::Row& r) { return r.Text(0); });
    });
}

Result<std::int64_t> Reminders::Set(const Actor& actor, int year, std::vector<std::string> dates) {
    if (!actor.ministry)
        return Error{ErrorCode::kPermissionDenied, "Seul le ministère fixe les relances.", {}};
    dates.erase(
        std::remove_if(dates.begin(), dates.end(), [](const std::string& d) { return d.empty(); }),
        dates.end());
    if (dates.size() > kMaxDates)
        return InvalidArgument("reminders", "Indiquez au plus 6 dates de relance.");
    const std::string today = service_.TodayDate();
    const auto campaign = service_.FindCampaign(year);
    if (!campaign) return NotFound("Aucune campagne pour " + std::to_string(year) + ".");
    for (const auto& d : dates) {
        if (!IsIsoDate(d)) {
            return InvalidArgument("reminders",
                                   "Indiquez chaque date de relance au format AAAA-MM-JJ.");
        }
        if (d < today) {
            return InvalidArgument("reminders", "La date de relance " + FrenchDate(d) +
                                                    " est passée : choisissez une date à venir.");
        }
        if (d > campaign->closes_on) {
            return InvalidArgument("reminders", "La date de relance " + FrenchDate(d) +
                                                    " suit la clôture de la campagne (" +
                                                    FrenchDate(campaign->closes_on) + ").");
        }
    }
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        nlohmann::json before = nlohmann::json::array();
        for (auto& d : c.QueryAll<std::string>(kDates, {std::int64_t{year}},
                                               [](const db::Row& r) { return r.Text(0); }))
            before.push_back(d);
        c.Execute(kDeleteDates, {std::int64_t{year}});
        for (const auto& d : dates) c.Execute(kInsertDate, {std::int64_t{year}, d});
        std::int64_t queued = 0;
        for (const auto& missing : repo::NotDeclared(c, year, {}, {}, {})) {
            mail_.CancelPending(c, MailKind(year), missing.authority_id);
            const auto to = AuthorityEmails(c, missing.authority_id);
            if (to.empty()) continue;
            for (const auto& d : dates) {
                mail::Mail m;
                m.to = to;
                m.subject = "Rappel : déclaration de l’aide publique au développement " +
                            std::to_string(year);
                m.text =
                    "Bonjour,\n\nLa déclaration de l’aide publique au développement (APD) "
                    "versée en " +
                    std::to_string(year) + " par " + missing.name +
                    " n’a pas encore été soumise.\n\nLa campagne est ouverte du " +
                    FrenchDate(campaign->opens_on) + " au " + FrenchDate(campaign->closes_on) +
                    ". Déclarez vos dépenses, ou « rien à déclarer », sur le portail :\n" +
                    public_url_ +
                    "/mon-espace/apd\n\n(article L.1115-6 du code général "
                    "des collectivités territoriales)\n\n"
                    "Le portail de la coopération décentralisée\n";
                m.not_before = MorningOf(d);
                m.reference_kind = MailKind(year);
                m.reference_id = missing.authority_id;
                auto id = mail_.Enqueue(c, m);
                if (!id) return id.error();
                ++queued;
            }
        }
        nlohmann::json after = dates;
        accounts::AuditLog::Record(
            c,
            accounts::Actor{actor.user_id, actor.email.empty() ? "system" : actor.email, actor.ip},
            {"apd.campaign.reminders",
             "apd_campaign",
             std::to_string(year),
             before,
             {{"dates", after}, {"mails", queued}}},
            static_cast<std::int64_t>(std::time(nullptr)));
        return queued;
    });
}

}  // namespace cncd::apd
