#include "modules/fiches/fiches_service.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "core/text.hpp"
#include "modules/accounts/audit.hpp"
#include "modules/accounts/policy.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_labels.hpp"
#include "modules/fiches/fiches_diff.hpp"
#include "modules/fiches/fiches_json.hpp"
#include "modules/fiches/fiches_repository.hpp"

namespace cncd::fiches {
namespace {

constexpr std::string_view kNotFound = "Cette fiche-projet n’existe pas.";
constexpr std::string_view kForbidden =
    "Vous ne pouvez modifier que les fiches des projets de votre collectivité "
    "(chef de file ou associée).";
constexpr std::string_view kMinistryOnly = "Cette page est réservée au ministère.";

Error PermissionDenied(std::string_view message) {
    return Error{ErrorCode::kPermissionDenied, std::string(message), {}};
}

Error Conflict(std::string message, std::string field) {
    return Error{ErrorCode::kFailedPrecondition, std::move(message), std::move(field)};
}

// Characters, not bytes (the text is valid UTF-8 when this is called).
std::size_t Length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// Forms send CRLF line breaks; stored texts use LF so a save does not change every line.
std::string NormaliseText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            if (i + 1 < s.size() && s[i + 1] == '\n') continue;
            out.push_back('\n');
            continue;
        }
        out.push_back(s[i]);
    }
    return Trim(out);
}

std::string FormatDate(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd(day);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

bool IsIsoDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    const auto parse = [](std::string_view part, auto& out) {
        const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && p == part.data() + part.size();
    };
    if (!parse(s.substr(0, 4), y) || !parse(s.substr(5, 2), m) || !parse(s.substr(8, 2), d))
        return false;
    return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m),
                                       std::chrono::day(d))
        .ok();
}

std::string Plural(std::int64_t n, std::string_view singular, std::string_view plural) {
    return std::to_string(n) + " " + atlas::labels::Plural(n, singular, plural);
}

void SortFiche(Fiche& f) {
    const auto by_id = [](const NamedId& a, const NamedId& b) { return a.id < b.id; };
    std::sort(f.associates.begin(), f.associates.end(), by_id);
    std::sort(f.themes.begin(), f.themes.end(), by_id);
    std::sort(f.partners.begin(), f.partners.end(), by_id);
    std::sort(f.financing.begin(), f.financing.end(),
              [](const FinancingLine& a, const FinancingLine& b) {
                  return std::tuple(a.cofinancer_id.value_or(0), a.year, a.amount_eur) <
                         std::tuple(b.cofinancer_id.value_or(0), b.year, b.amount_eur);
              });
}

// The same fiche up to the order of its lists (names are not compared: they are labels).
bool SameContent(Fiche a, Fiche b) {
    SortFiche(a);
    SortFiche(b);
    const auto ids = [](const std::vector<NamedId>& items) {
        std::vector<std::int64_t> out;
        for (const auto& i : items) out.push_back(i.id);
        return out;
    };
    const auto lines = [](const std::vector<FinancingLine>& items) {
        std::vector<std::tuple<std::int64_t, int, std::int64_t>> out;
        for (const auto& l : items)
            out.emplace_back(l.cofinancer_id.value_or(0), l.year, l.amount_eur);
        return out;
    };
    return a.title == b.title && a.kind == b.kind && a.status == b.status &&
           a.objectives == b.objectives && a.description == b.description &&
           a.history == b.history && a.context == b.context && a.start_year == b.start_year &&
           a.end_year == b.end_year && a.convention_date == b.convention_date &&
           (a.lead ? a.lead->id : 0) == (b.lead ? b.lead->id : 0) &&
           ids(a.associates) == ids(b.associates) && ids(a.themes) == ids(b.themes) &&
           ids(a.partners) == ids(b.partners) && lines(a.financing) == lines(b.financing);
}

std::string EditSummary(const Fiche& before, const Fiche& after) {
    const auto fields = ChangedFields(before, after);
    if (fields.empty()) return "Fiche relue sans modification";
    std::string out = "Modification : ";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ", ";
        out += LowerFirst(fields[i]);
    }
    return out;
}

std::string Capitalise(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// The checks of the edit form, collecting every error. `lead` is the lead authority to keep
// (edit) or to check (creation).
class Builder {
  public:
    Builder(db::Connection& c, int this_year)
        : c_(c), max_year_(this_year + FicheService::kMaxYearsAhead) {}

    Fiche Build(const FicheInput& in, std::optional<NamedId> lead) {
        Fiche f;
        f.title = Trim(in.title);
        Text("title", f.title, FicheService::kMaxTitle);
        if (f.title.empty()) Fail("title", "Indiquez le titre du projet.");
        f.kind = in.kind;
        if (!atlas::ParseProjectKind(f.kind)) Fail("kind", "Choisissez le type d’action.");
        f.status = in.status;
        if (!atlas::ParseProjectStatus(f.status)) Fail("status", "Choisissez l’état du projet.");
        f.objectives = NormaliseText(in.objectives);
        Text("objectives", f.objectives, FicheService::kMaxText);
        f.description = NormaliseText(in.description);
        Text("description", f.description, FicheService::kMaxText);
        f.history = NormaliseText(in.history);
        Text("history", f.history, FicheService::kMaxText);
        f.context = NormaliseText(in.context);
        Text("context", f.context, FicheService::kMaxText);

        f.start_year = in.start_year;
        f.end_year = in.end_year;
        const bool start_ok = Year("start_year", f.start_year, "de début");
        const bool end_ok = Year("end_year", f.end_year, "de fin");
        if (start_ok && end_ok && f.start_year && f.end_year && *f.end_year < *f.start_year)
            Fail("end_year", "L’année de fin doit être égale ou postérieure à l’année de début.");
        if (f.status == "finished" && !f.end_year)
            Fail("end_year", "Indiquez l’année de fin d’un projet terminé.");

        f.convention_date = Trim(in.convention_date);
        if (!f.convention_date.empty()) {
            if (!IsIsoDate(f.convention_date)) {
                Fail("convention_date",
                     "La date de la convention doit être une date valide (AAAA-MM-JJ).");
            } else {
                const int year = std::stoi(f.convention_date.substr(0, 4));
                if (year < FicheService::kMinYear || year > max_year_)
                    Fail("convention_date", "La date de la convention doit être comprise entre " +
                                                std::to_string(FicheService::kMinYear) + " et " +
                                                std::to_string(max_year_) + ".");
            }
        }

        if (lead) {
            f.lead = lead;
        }
        f.themes = Links("themes", in.themes, FicheService::kMaxThemes, "thématiques",
                         repository::FindThemeName, "Cette thématique n’existe pas");
        f.partners = Links("partners", in.partners, FicheService::kMaxPartners,
                           "collectivités partenaires", repository::FindPartnerName,
                           "Cette collectivité partenaire n’existe pas dans l’Atlas");
        f.associates = Links("associates", in.associates, FicheService::kMaxAssociates,
                             "collectivités associées", repository::FindAuthorityName,
                             "Cette collectivité n’existe pas dans l’Atlas");
        if (f.lead) {
            for (const auto& a : f.associates) {
                if (a.id == f.lead->id)
                    Fail("associates",
                         "La collectivité chef de file ne peut pas être aussi associée.");
            }
        }
        Financing(in.financing, f);
        return f;
    }

    std::vector<Error> errors;

  private:
    void Fail(std::string field, std::string message) {
        errors.push_back(InvalidArgument(std::move(field), std::move(message)));
    }

    void Text(const std::string& field, const std::string& value, std::size_t max) {
        if (!text::IsValidUtf8(value)) {
            Fail(field, "Ce texte contient des caractères invalides.");
            return;
        }
        if (Length(value) > max)
            Fail(field, "Ce texte est trop long : " + std::to_string(max) +
                            " caractères au plus (il en compte " + std::to_string(Length(value)) +
                            ").");
    }

    bool Year(const std::string& field, const std::optional<int>& year, std::string_view which) {
        if (!year) return true;
        if (*year >= FicheService::kMinYear && *year <= max_year_) return true;
        Fail(field, "L’année " + std::string(which) + " doit être comprise entre " +
                        std::to_string(FicheService::kMinYear) + " et " +
                        std::to_string(max_year_) + ".");
        return false;
    }

    template <typename Find>
    std::vector<NamedId> Links(const std::string& field, const std::vector<std::int64_t>& ids,
                               std::size_t max, std::string_view what, Find find,
                               std::string_view unknown) {
        std::vector<NamedId> out;
        std::set<std::int64_t> seen;
        for (const auto id : ids) {
            if (!seen.insert(id).second) continue;
            const auto name = find(c_, id);
            if (!name) {
                Fail(field, std::string(unknown) + " (n° " + std::to_string(id) + ").");
                continue;
            }
            out.push_back({id, *name});
        }
        if (out.size() > max)
            Fail(field, "Au plus " + std::to_string(max) + " " + std::string(what) + ".");
        return out;
    }

    void Financing(const std::vector<FinancingInput>& lines, Fiche& f) {
        if (lines.size() > FicheService::kMaxFinancing) {
            Fail("financing", "Au plus " + std::to_string(FicheService::kMaxFinancing) +
                                  " lignes de financement.");
            return;
        }
        std::set<std::pair<std::int64_t, int>> seen;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& in = lines[i];
            const std::string prefix = "financing[" + std::to_string(i) + "].";
            FinancingLine line;
            bool ok = true;
            if (in.cofinancer_id) {
                const auto name = repository::FindCofinancerName(c_, *in.cofinancer_id);
                if (!name) {
                    Fail(prefix + "cofinancer_id", "Ce cofinanceur n’existe pas.");
                    ok = false;
                } else {
                    line.cofinancer_id = in.cofinancer_id;
                    line.cofinancer_name = *name;
                }
            } else {
                line.cofinancer_name = "Fonds propres des collectivités françaises";
            }
            if (!in.year) {
                Fail(prefix + "year", "Indiquez l’année du financement.");
                ok = false;
            } else if (!Year(prefix + "year", in.year, "du financement")) {
                ok = false;
            } else {
                line.year = *in.year;
            }
            if (!in.amount_eur) {
                Fail(prefix + "amount_eur", "Indiquez le montant en euros.");
                ok = false;
            } else if (*in.amount_eur <= 0 || *in.amount_eur > FicheService::kMaxAmount) {
                Fail(prefix + "amount_eur",
                     "Le montant doit être un nombre entier d’euros, positif et d’au plus " +
                         text::FormatThousands(FicheService::kMaxAmount) + " €.");
                ok = false;
            } else {
                line.amount_eur = *in.amount_eur;
            }
            if (!ok) continue;
            if (!seen.insert({line.cofinancer_id.value_or(0), line.year}).second) {
                Fail(prefix + "year",
                     "Une seule ligne par cofinanceur et par année : additionnez les montants.");
                continue;
            }
            f.financing.push_back(std::move(line));
        }
    }

    db::Connection& c_;
    int max_year_;
};

int ThisYear(std::chrono::sys_days today) {
    return static_cast<int>(std::chrono::year_month_day(today).year());
}

std::string OutdatedMessage(db::Connection& c, std::int64_t id, int current) {
    const auto latest = repository::FindLatestVersion(c, id);
    std::string who;
    if (latest)
        who =
            " par " + latest->author_name + " le " + atlas::labels::FrenchDate(latest->created_at);
    return "Cette fiche a été modifiée" + who + " (version " + std::to_string(current) +
           ") pendant que vous la modifiiez. Vos modifications n’ont pas été enregistrées : "
           "elles sont reprises ci-dessous. Vérifiez la version actuelle puis enregistrez à "
           "nouveau.";
}

// The quality rules on one authority's fiches.
void Score(const repository::AuthorityRow& authority,
           const std::vector<repository::QualityRow>& rows, const std::string& stale_before,
           QualityReport& report) {
    report.authority_id = authority.id;
    report.authority_name = authority.name;
    report.region_name = authority.region_name;
    const auto check = [&](bool ok, std::optional<std::int64_t> project, const std::string& title,
                           std::string code, std::string message) {
        ++report.checks;
        if (ok) {
            ++report.passed;
            return;
        }
        report.issues.push_back({project, title, std::move(code), std::move(message)});
    };
    check(!authority.siren.empty(), std::nullopt, {}, "siren",
          "Le numéro SIREN de la collectivité manque : signalez-le au ministère.");
    if (authority.kind == "commune" || authority.kind == "departement" ||
        authority.kind == "region") {
        check(!authority.insee.empty(), std::nullopt, {}, "insee",
              "Le code INSEE de la collectivité manque : signalez-le au ministère.");
    }
    for (const auto& r : rows) {
        ++report.fiches;
        const auto p = std::optional(r.project_id);
        check(r.has_objectives, p, r.title, "objectives", "Ajoutez les objectifs du projet.");
        check(r.has_description, p, r.title, "description", "Ajoutez une description du projet.");
        check(r.themes > 0, p, r.title, "themes", "Choisissez au moins une thématique.");
        check(r.partners > 0, p, r.title, "partners",
              "Indiquez au moins une collectivité partenaire.");
        if (r.partners > 0) {
            check(r.partners_unlocated == 0, p, r.title, "located",
                  Plural(r.partners_unlocated, "collectivité partenaire n’est pas localisée",
                         "collectivités partenaires ne sont pas localisées") +
                      " à la ville près : vérifiez que vous avez choisi la bonne collectivité.");
            check(r.partners_without_code == 0, p, r.title, "codes",
                  Capitalise(Plural(r.partners_without_code, "collectivité partenaire sans",
                                    "collectivités partenaires sans")) +
                      " code géographique (GeoNames) : vérifiez que vous avez choisi la bonne "
                      "collectivité.");
        }
        const bool finished = r.status == "finished";
        check(r.has_start_year && (!finished || r.has_end_year), p, r.title, "years",
              !r.has_start_year ? "Indiquez l’année de début."
                                : "Indiquez l’année de fin du projet terminé.");
        if (r.kind == "cooperation" || r.kind == "twinning") {
            check(r.has_convention_date, p, r.title, "convention_date",
                  "Indiquez la date de signature de la convention.");
        }
        check(r.financing_lines > 0, p, r.title, "financing",
              "Indiquez les financements (cofinanceurs, années et montants).");
        if (!finished) {
            const bool fresh = r.updated_at.substr(0, 10) >= stale_before;
            if (!fresh) ++report.stale;
            check(fresh, p, r.title, "stale",
                  "Fiche non mise à jour depuis le " + atlas::labels::FrenchDate(r.updated_at) +
                      " : vérifiez qu’elle est toujours exacte et enregistrez-la.");
        }
    }
    report.score = report.checks == 0
                       ? 100
                       : static_cast<int>(std::lround(100.0 * static_cast<double>(report.passed) /
                                                      static_cast<double>(report.checks)));
}

bool ContainsAll(const std::string& folded, const std::vector<std::string>& words) {
    return std::all_of(words.begin(), words.end(),
                       [&](const std::string& w) { return folded.find(w) != std::string::npos; });
}

std::vector<std::string> Words(std::string_view q) {
    std::vector<std::string> out;
    std::string folded = text::Fold(q);
    std::size_t start = 0;
    while (start < folded.size()) {
        const auto end = folded.find(' ', start);
        const auto word = folded.substr(start, end == std::string::npos ? end : end - start);
        if (!word.empty()) out.push_back(word);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::vector<Suggestion> Suggest(const std::vector<repository::Choice>& choices,
                                std::string_view q) {
    std::vector<Suggestion> out;
    constexpr std::size_t kMaxQuery = 100;
    if (q.size() > kMaxQuery || !text::IsValidUtf8(q)) return out;
    const auto words = Words(q);
    if (words.empty()) return out;
    for (const auto& choice : choices) {
        if (!ContainsAll(text::Fold(choice.name), words)) continue;
        std::string label = choice.name;
        if (!choice.detail.empty()) label += " (" + choice.detail + ")";
        out.push_back({choice.id, label + " [" + std::to_string(choice.id) + "]"});
        if (out.size() == FicheService::kMaxSuggestions) break;
    }
    return out;
}

Result<std::int64_t> Resolve(const std::vector<repository::Choice>& choices, std::string_view raw,
                             const std::string& field, std::string_view what) {
    const std::string text = Trim(raw);
    // "… [12]": the id the suggestion carries.
    if (const auto open = text.rfind('['); open != std::string::npos && text.back() == ']') {
        std::int64_t id = 0;
        const auto digits = std::string_view(text).substr(open + 1, text.size() - open - 2);
        const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
        if (ec == std::errc() && p == digits.data() + digits.size()) {
            for (const auto& c : choices) {
                if (c.id == id) return id;
            }
        }
    }
    const std::string folded = text::Fold(text);
    std::vector<std::int64_t> matches;
    for (const auto& c : choices) {
        const std::string name = text::Fold(c.name);
        if (name == folded || text::Fold(c.name + " (" + c.detail + ")") == folded)
            matches.push_back(c.id);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.empty())
        return InvalidArgument(field, "Aucune " + std::string(what) + " ne s’appelle « " + text +
                                          " » : choisissez-la dans la liste proposée.");
    return InvalidArgument(field, "Plusieurs " + std::string(what) + "s s’appellent « " + text +
                                      " » : précisez entre parenthèses "
                                      "(choisissez-la dans la liste proposée).");
}

}  // namespace

Actor ActorOf(const accounts::Principal& principal) {
    Actor actor;
    actor.user_id = principal.user_id;
    actor.user_name = principal.name;
    if (!principal.authority_ids.empty()) actor.authority_id = principal.authority_ids.front();
    actor.ministry = principal.IsMinistry();
    actor.principal = principal;
    return actor;
}

bool Allowed(const Actor& actor, FicheAction action, const ProjectOwners* project) {
    using accounts::Action;
    using accounts::Resource;
    const auto may = [&actor](Action a, std::optional<std::int64_t> authority) {
        return accounts::IsAllowed(
            &actor.principal, a,
            authority ? Resource::OfAuthority(*authority) : Resource::Global());
    };
    switch (action) {
        case FicheAction::kCreate:
            return may(Action::kEditProject, actor.authority_id);
        case FicheAction::kEdit:
            if (project == nullptr) return false;
            if (may(Action::kEditProject, project->lead)) return true;
            return std::any_of(project->associates.begin(), project->associates.end(),
                               [&](std::int64_t id) { return may(Action::kEditProject, id); });
        case FicheAction::kRevert:
            return project != nullptr && may(Action::kRevertChange, project->lead);
        case FicheAction::kReviewAll:
            return may(Action::kReadAudit, std::nullopt);
    }
    return false;
}

bool CanEdit(const Actor& actor, const ProjectOwners& project) {
    return Allowed(actor, FicheAction::kEdit, &project);
}

FicheService::FicheService(db::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

std::chrono::sys_days FicheService::Today() const {
    return std::chrono::floor<std::chrono::days>(clock_());
}

std::string FicheService::Now() const {
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_());
    const auto day = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::hh_mm_ss time(now - day);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s %02d:%02d:%02d", FormatDate(day).c_str(),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buffer;
}

FicheInput FicheService::InputOf(const Fiche& f) {
    FicheInput in;
    in.title = f.title;
    in.kind = f.kind;
    in.status = f.status;
    in.objectives = f.objectives;
    in.description = f.description;
    in.history = f.history;
    in.context = f.context;
    in.start_year = f.start_year;
    in.end_year = f.end_year;
    in.convention_date = f.convention_date;
    for (const auto& t : f.themes) in.themes.push_back(t.id);
    for (const auto& p : f.partners) in.partners.push_back(p.id);
    for (const auto& a : f.associates) in.associates.push_back(a.id);
    for (const auto& l : f.financing)
        in.financing.push_back({l.cofinancer_id, l.year, l.amount_eur});
    if (f.lead) in.lead_authority_id = f.lead->id;
    return in;
}

Result<CurrentFiche> FicheService::GetForEdit(const Actor& actor, std::int64_t id) {
    return db_.Read([&](db::Connection& c) -> Result<CurrentFiche> {
        const auto owners = repository::FindOwners(c, id);
        if (!owners) return NotFound(std::string(kNotFound));
        if (!CanEdit(actor, *owners)) return PermissionDenied(kForbidden);
        CurrentFiche current;
        current.fiche = *repository::FindFiche(c, id);
        current.version = std::max(1, repository::MaxVersion(c, id));
        current.updated_at = repository::FindUpdatedAt(c, id);
        return current;
    });
}

std::vector<Error> FicheService::Validate(const Actor& actor, const FicheInput& input,
                                          bool creating) {
    return db_.Read([&](db::Connection& c) {
        Builder builder(c, ThisYear(Today()));
        std::optional<NamedId> lead;
        if (creating) {
            const auto lead_id = actor.ministry ? input.lead_authority_id : actor.authority_id;
            if (lead_id) {
                if (const auto name = repository::FindAuthorityName(c, *lead_id))
                    lead = NamedId{*lead_id, *name};
            }
        }
        builder.Build(input, lead);
        return builder.errors;
    });
}

namespace {

// The audit log's line of a version: who, when, the fiche before and after, in the version's
// transaction.
void Audit(db::Connection& c, const Actor& actor, const VersionInfo& info,
           const std::optional<Fiche>& before, const Fiche& after) {
    const auto at = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    accounts::AuditLog::Record(
        c, accounts::Actor::Of(actor.principal),
        {"project." + std::string(VersionActionCode(info.action)), "project",
         std::to_string(info.project_id), before ? FicheToJson(*before) : nlohmann::json(),
         FicheToJson(after)},
        at);
}

}  // namespace

Result<Saved> FicheService::Create(const Actor& actor, const FicheInput& input) {
    if (!Allowed(actor, FicheAction::kCreate, nullptr))
        return PermissionDenied("Seules les collectivités et le ministère créent des fiches.");
    const auto now = Now();
    const int this_year = ThisYear(Today());
    return db_.Write([&](db::Connection& c) -> Result<Saved> {
        const auto lead_id = actor.ministry ? input.lead_authority_id : actor.authority_id;
        if (!lead_id)
            return InvalidArgument("lead_authority_id", "Choisissez la collectivité chef de file.");
        const auto lead_name = repository::FindAuthorityName(c, *lead_id);
        if (!lead_name)
            return InvalidArgument("lead_authority_id",
                                   "Cette collectivité n’existe pas dans l’Atlas.");
        Builder builder(c, this_year);
        Fiche fiche = builder.Build(input, NamedId{*lead_id, *lead_name});
        if (!builder.errors.empty()) return builder.errors.front();
        const auto id = repository::InsertProject(c, fiche, now);
        repository::ReplaceLinks(c, id, fiche);
        auto stored = *repository::FindFiche(c, id);
        VersionInfo info;
        info.project_id = id;
        info.version = 1;
        info.action = VersionAction::kCreate;
        info.author_id = actor.user_id;
        info.author_name = actor.user_name;
        info.summary = "Création de la fiche";
        info.created_at = now;
        repository::InsertVersion(c, info, actor.authority_id, stored);
        Audit(c, actor, info, std::nullopt, stored);
        return Saved{id, 1, true};
    });
}

namespace {

// The fiche `id` as `actor` may change it: it exists, the actor may edit it and
// `expected_version` is still its current version (409 otherwise).
Result<Fiche> EditableFiche(db::Connection& c, const Actor& actor, std::int64_t id,
                            int expected_version) {
    const auto owners = repository::FindOwners(c, id);
    if (!owners) return NotFound(std::string(kNotFound));
    if (!CanEdit(actor, *owners)) return PermissionDenied(kForbidden);
    const int current = std::max(1, repository::MaxVersion(c, id));
    if (expected_version != current) return Conflict(OutdatedMessage(c, id, current), "version");
    return *repository::FindFiche(c, id);
}

// Stores `after` as the fiche of project `id` and a new version after the current one; a
// baseline version 1 first when the fiche has no history yet.
Saved StoreVersion(db::Connection& c, const Actor& actor, std::int64_t id, const Fiche& before,
                   const Fiche& after, VersionAction action, std::string summary,
                   std::optional<int> reverted_version, const std::string& now) {
    const int max = repository::MaxVersion(c, id);
    if (max == 0) {
        VersionInfo baseline;
        baseline.project_id = id;
        baseline.version = 1;
        baseline.action = VersionAction::kBaseline;
        baseline.author_name = "Atlas (avant la modification en ligne)";
        baseline.summary = "État de la fiche avant sa première modification en ligne";
        baseline.created_at = repository::FindUpdatedAt(c, id);
        repository::InsertVersion(c, baseline, std::nullopt, before);
    }
    repository::UpdateProject(c, id, after, now);
    repository::ReplaceLinks(c, id, after);
    const auto stored = *repository::FindFiche(c, id);
    VersionInfo info;
    info.action = action;
    info.summary = std::move(summary);
    info.reverted_version = reverted_version;
    info.project_id = id;
    info.version = std::max(1, max) + 1;
    info.author_id = actor.user_id;
    info.author_name = actor.user_name;
    info.created_at = now;
    repository::InsertVersion(c, info, actor.authority_id, stored);
    Audit(c, actor, info, before, stored);
    return Saved{id, info.version, !SameContent(before, after)};
}

}  // namespace

Result<Saved> FicheService::Update(const Actor& actor, std::int64_t id, int expected_version,
                                   const FicheInput& input) {
    const auto now = Now();
    const int this_year = ThisYear(Today());
    return db_.Write([&](db::Connection& c) -> Result<Saved> {
        auto editable = EditableFiche(c, actor, id, expected_version);
        if (!editable) return editable.error();
        const Fiche& before = *editable;
        Builder builder(c, this_year);
        const Fiche after = builder.Build(input, before.lead);
        if (!builder.errors.empty()) return builder.errors.front();
        return StoreVersion(c, actor, id, before, after, VersionAction::kEdit,
                            EditSummary(before, after), std::nullopt, now);
    });
}

Result<Saved> FicheService::Close(const Actor& actor, std::int64_t id, int expected_version,
                                  std::optional<int> end_year) {
    const auto now = Now();
    const int this_year = ThisYear(Today());
    return db_.Write([&](db::Connection& c) -> Result<Saved> {
        auto editable = EditableFiche(c, actor, id, expected_version);
        if (!editable) return editable.error();
        const Fiche& before = *editable;
        if (before.status == "finished") return Conflict("Ce projet est déjà clos.", "status");
        const int year = end_year.value_or(this_year);
        if (year < kMinYear || year > this_year)
            return InvalidArgument("end_year", "L’année de fin doit être comprise entre " +
                                                   std::to_string(kMinYear) + " et " +
                                                   std::to_string(this_year) + ".");
        if (before.start_year && year < *before.start_year)
            return InvalidArgument("end_year",
                                   "L’année de fin doit être égale ou postérieure à l’année de "
                                   "début (" +
                                       std::to_string(*before.start_year) + ").");
        Fiche after = before;
        after.status = "finished";
        after.end_year = year;
        return StoreVersion(c, actor, id, before, after, VersionAction::kClose,
                            "Clôture du projet (fin en " + std::to_string(year) + ")", std::nullopt,
                            now);
    });
}

Result<Saved> FicheService::Revert(const Actor& actor, std::int64_t id, int version) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Result<Saved> {
        const auto owners = repository::FindOwners(c, id);
        if (!owners) return NotFound(std::string(kNotFound));
        if (!Allowed(actor, FicheAction::kRevert, &*owners))
            return PermissionDenied(
                "Seul un administrateur du ministère peut annuler une modification.");
        const auto undone = repository::FindVersion(c, id, version);
        if (!undone) return NotFound("Cette version n’existe pas.");
        if (version == 1)
            return InvalidArgument("version",
                                   "La première version n’a pas de version précédente à rétablir.");
        const auto previous = repository::FindVersion(c, id, version - 1);
        if (!previous) return NotFound("La version précédente n’existe pas.");
        // The records the old version links to must still exist.
        Builder builder(c, ThisYear(Today()));
        Fiche restored = builder.Build(InputOf(previous->fiche), previous->fiche.lead);
        if (!builder.errors.empty())
            return Conflict("La version " + std::to_string(version - 1) +
                                " ne peut pas être rétablie : " + builder.errors.front().message,
                            "version");
        if (restored.lead && !repository::FindAuthorityName(c, restored.lead->id))
            return Conflict("La collectivité chef de file de la version " +
                                std::to_string(version - 1) + " n’existe plus.",
                            "version");
        const auto before = *repository::FindFiche(c, id);
        return StoreVersion(c, actor, id, before, restored, VersionAction::kRevert,
                            "Annulation de la version " + std::to_string(version) +
                                " (retour à la version " + std::to_string(version - 1) + ")",
                            version, now);
    });
}

Result<History> FicheService::GetHistory(const Actor& actor, std::int64_t id) {
    auto current = GetForEdit(actor, id);
    if (!current) return current.error();
    History history{std::move(current).value(), {}};
    history.versions = db_.Read([&](db::Connection& c) { return repository::ListVersions(c, id); });
    return history;
}

Result<VersionDiff> FicheService::Diff(const Actor& actor, std::int64_t id, int from, int to) {
    return db_.Read([&](db::Connection& c) -> Result<VersionDiff> {
        const auto owners = repository::FindOwners(c, id);
        if (!owners) return NotFound(std::string(kNotFound));
        if (!CanEdit(actor, *owners)) return PermissionDenied(kForbidden);
        const auto a = repository::FindVersion(c, id, from);
        if (!a)
            return Error{ErrorCode::kNotFound,
                         "La version " + std::to_string(from) + " n’existe pas.", "de"};
        const auto b = repository::FindVersion(c, id, to);
        if (!b)
            return Error{ErrorCode::kNotFound,
                         "La version " + std::to_string(to) + " n’existe pas.", "a"};
        VersionDiff diff;
        diff.project_id = id;
        diff.project_title = b->fiche.title;
        diff.from = a->info;
        diff.to = b->info;
        diff.fields = DiffFiches(a->fiche, b->fiche);
        return diff;
    });
}

Result<ChangePage> FicheService::RecentChanges(const Actor& actor, const ChangeFilter& filter) {
    if (!Allowed(actor, FicheAction::kReviewAll, nullptr)) return PermissionDenied(kMinistryOnly);
    if (!filter.from.empty() && !IsIsoDate(filter.from))
        return InvalidArgument("de", "La date de début doit être une date valide (AAAA-MM-JJ).");
    if (!filter.to.empty() && !IsIsoDate(filter.to))
        return InvalidArgument("a", "La date de fin doit être une date valide (AAAA-MM-JJ).");
    constexpr int kMaxPage = 100'000;
    if (filter.page < 1 || filter.page > kMaxPage)
        return InvalidArgument("page", "Le numéro de page doit être un entier positif.");
    return db_.Read(
        [&](db::Connection& c) { return repository::ListChanges(c, filter, kChangesPerPage); });
}

Result<std::vector<MyFiche>> FicheService::MyFiches(const Actor& actor) {
    if (!actor.authority_id)
        return PermissionDenied("Votre compte n’est rattaché à aucune collectivité.");
    return db_.Read(
        [&](db::Connection& c) { return repository::ListAuthorityFiches(c, *actor.authority_id); });
}

Result<QualityReport> FicheService::Quality(const Actor& actor, std::int64_t authority_id) {
    const ProjectOwners own{authority_id, {}};
    if (!Allowed(actor, FicheAction::kReviewAll, nullptr) &&
        !Allowed(actor, FicheAction::kEdit, &own))
        return PermissionDenied(kMinistryOnly);
    const std::string stale_before = FormatDate(std::chrono::sys_days(
        std::chrono::year_month_day(Today()) - std::chrono::years(kStaleYears)));
    return db_.Read([&](db::Connection& c) -> Result<QualityReport> {
        const auto authority = repository::FindAuthorityRow(c, authority_id);
        if (!authority) return NotFound("Cette collectivité n’existe pas dans l’Atlas.");
        QualityReport report;
        Score(*authority, repository::ListQualityRows(c, authority_id), stale_before, report);
        return report;
    });
}

Result<std::vector<QualityReport>> FicheService::QualityOverview(const Actor& actor,
                                                                 const std::string& region_code) {
    if (!Allowed(actor, FicheAction::kReviewAll, nullptr)) return PermissionDenied(kMinistryOnly);
    const std::string stale_before = FormatDate(std::chrono::sys_days(
        std::chrono::year_month_day(Today()) - std::chrono::years(kStaleYears)));
    auto reports = db_.Read([&](db::Connection& c) {
        std::map<std::int64_t, std::vector<repository::QualityRow>> by_authority;
        for (auto& row : repository::ListQualityRows(c, std::nullopt))
            by_authority[row.authority_id].push_back(std::move(row));
        std::vector<QualityReport> out;
        for (const auto& authority : repository::ListLeadAuthorities(c, region_code)) {
            QualityReport report;
            Score(authority, by_authority[authority.id], stale_before, report);
            out.push_back(std::move(report));
        }
        return out;
    });
    std::stable_sort(reports.begin(), reports.end(),
                     [](const QualityReport& a, const QualityReport& b) {
                         return std::tuple(a.score, -a.stale) < std::tuple(b.score, -b.stale);
                     });
    return reports;
}

FormChoices FicheService::Choices() {
    return db_.Read([](db::Connection& c) {
        FormChoices choices;
        for (const auto& t : repository::ListThemes(c)) {
            if (!t.parent_id) {
                choices.themes.push_back({t.id, t.name, {}});
                continue;
            }
            for (auto& parent : choices.themes) {
                if (parent.id == *t.parent_id) parent.children.push_back({t.id, t.name, {}});
            }
        }
        for (const auto& cf : repository::ListCofinancers(c))
            choices.cofinancers.push_back({cf.id, cf.name});
        return choices;
    });
}

std::vector<Suggestion> FicheService::SuggestPartners(std::string_view q) {
    return Suggest(db_.Read([](db::Connection& c) { return repository::ListPartnerChoices(c); }),
                   q);
}

std::vector<Suggestion> FicheService::SuggestAuthorities(std::string_view q) {
    return Suggest(db_.Read([](db::Connection& c) { return repository::ListAuthorityChoices(c); }),
                   q);
}

Result<std::int64_t> FicheService::ResolvePartner(std::string_view text, const std::string& field) {
    return Resolve(db_.Read([](db::Connection& c) { return repository::ListPartnerChoices(c); }),
                   text, field, "collectivité partenaire");
}

Result<std::int64_t> FicheService::ResolveAuthority(std::string_view text,
                                                    const std::string& field) {
    return Resolve(db_.Read([](db::Connection& c) { return repository::ListAuthorityChoices(c); }),
                   text, field, "collectivité");
}

std::vector<NamedId> FicheService::PartnerNames(const std::vector<std::int64_t>& ids) {
    return db_.Read([&](db::Connection& c) {
        std::vector<NamedId> out;
        for (const auto id : ids) {
            if (auto name = repository::FindPartnerName(c, id)) out.push_back({id, *name});
        }
        return out;
    });
}

std::vector<NamedId> FicheService::AuthorityNames(const std::vector<std::int64_t>& ids) {
    return db_.Read([&](db::Connection& c) {
        std::vector<NamedId> out;
        for (const auto id : ids) {
            if (auto name = repository::FindAuthorityName(c, id)) out.push_back({id, *name});
        }
        return out;
    });
}

std::vector<NamedCode> FicheService::Regions() {
    return db_.Read([](db::Connection& c) {
        std::vector<NamedCode> out;
        for (auto& r : repository::ListRegions(c)) out.push_back({r.first, r.second});
        return out;
    });
}

}  // namespace cncd::fiches
