#include "modules/apd/apd_pages.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <variant>

#include "core/text.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "modules/apd/apd_receipt.hpp"
#include "modules/apd/apd_repository.hpp"
#include "modules/apd/apd_web.hpp"
#include "web/errors.hpp"

namespace cncd::apd {
namespace {

using nlohmann::json;

constexpr std::string_view kCountries =
    "SELECT iso2, name, apd_eligible FROM countries ORDER BY apd_eligible DESC, name";
constexpr std::string_view kAuthorityProjects =
    "SELECT p.id, p.title FROM projects p JOIN project_authorities pa ON pa.project_id = p.id"
    " WHERE pa.authority_id = ? ORDER BY p.title LIMIT 300";
constexpr std::string_view kCountryName = "SELECT name FROM countries WHERE iso2 = ?";
constexpr std::string_view kRegions = "SELECT code, name FROM regions ORDER BY name";
constexpr std::string_view kDepartments = "SELECT code, name FROM departments ORDER BY code";

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kAuthorityKinds = {{
    {"region", "Régions"},
    {"departement", "Départements"},
    {"commune", "Communes"},
    {"epci", "Intercommunalités"},
    {"syndicat", "Syndicats"},
    {"com", "Collectivités d’outre-mer"},
}};

// The same kinds, singular, for one row.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kAuthorityKind = {{
    {"region", "Région"},
    {"departement", "Département"},
    {"commune", "Commune"},
    {"epci", "Intercommunalité"},
    {"syndicat", "Syndicat"},
    {"com", "Collectivité d’outre-mer"},
}};

constexpr std::array<std::string_view, 3> kMarkerLevels = {"0 – non ciblé", "1 – significatif",
                                                           "2 – principal"};

/// A line's position in a form ("0", "1"…).
std::optional<std::int64_t> ParseIndex(std::string_view digits) {
    if (digits == "0") return 0;
    return text::ParseId(digits);
}

std::string Euros(std::int64_t amount) { return text::FormatThousands(amount) + " €"; }

// "2025-05-02 14:03:11" or "2025-05-02T14:03:11Z" (UTC) → "2 mai 2025 à 14 h 03".
std::string FrenchTime(const std::string& at) {
    if (at.size() < 16 || !IsIsoDate(at.substr(0, 10))) return at;
    return FrenchDate(at.substr(0, 10)) + " à " + at.substr(11, 2) + " h " + at.substr(14, 2);
}

std::string BadgeClass(State s) {
    switch (s) {
        case State::kDraft:
            return "fr-badge--info";
        case State::kSubmitted:
            return "fr-badge--new";
        case State::kReturned:
            return "fr-badge--warning";
        case State::kValidated:
            return "fr-badge--success";
    }
    return "";
}

json Breadcrumb(std::vector<std::pair<std::string, std::string>> items, bool ministry) {
    json out = json::array({{{"label", "Accueil"}, {"href", "/"}},
                            {{"label", "Mon espace"}, {"href", "/mon-espace"}}});
    if (ministry) out.push_back({{"label", "Déclarations APD"}, {"href", "/administration/apd"}});
    for (auto& [label, href] : items) {
        json item{{"label", label}};
        if (!href.empty()) item["href"] = href;
        out.push_back(std::move(item));
    }
    return out;
}

web::Response Page(const web::Templates& templates, std::string_view name, json page,
                   int status = 200) {
    page["styles"] = json::array({"/static/css/apd.css"});
    return web::Response::Html(templates.RenderPage(name, page), status);
}

web::Response Refused(const web::Request& request, const Error& error,
                      const web::Templates& templates) {
    return web::ErrorResponse(request, error, templates);
}

std::string Flash(const web::Request& request) {
    const auto ok = request.Query("ok").value_or("");
    if (ok == "enregistree") return "Le brouillon est enregistré.";
    if (ok == "soumise")
        return "La déclaration est soumise. L’accusé de réception vous a été envoyé par courriel "
               "et peut être téléchargé ci-dessous.";
    if (ok == "validee")
        return "La déclaration est validée : elle est comptée dans les statistiques.";
    if (ok == "renvoyee") return "La déclaration est renvoyée à la collectivité pour correction.";
    if (ok == "rouverte") return "La déclaration est rouverte pour cette collectivité.";
    if (ok == "campagne") return "La campagne est enregistrée.";
    if (ok == "relances") return "Les relances sont programmées.";
    if (ok == "creee") return "La déclaration est créée. Vérifiez les lignes préremplies.";
    return {};
}

// --- Lines as a form -----------------------------------------------------------------------

struct Choices {
    json countries = json::array();  // {value, label}
    json regions = json::array();
    json channels = json::array();
    json sectors = json::array();
    json projects = json::array();
};

Choices LoadChoices(db::Database& db, std::int64_t authority_id) {
    return db.Read([&](db::Connection& c) {
        Choices ch;
        c.QueryAll<int>(kCountries, {}, [&](const db::Row& r) {
            std::string label = r.Text(1);
            if (r.Int(2) == 0) label += " (non éligible à l’APD)";
            ch.countries.push_back({{"value", "pays:" + r.Text(0)}, {"label", label}});
            return 0;
        });
        const CodeBook codes = CodeBook::Load(c);
        for (const auto& k : codes.List("Region"))
            ch.regions.push_back({{"value", "region:" + k.code}, {"label", k.name}});
        for (const auto& k : codes.List("CRSChannelCode"))
            ch.channels.push_back({{"value", k.code}, {"label", k.name + " (" + k.code + ")"}});
        for (const auto& k : codes.List("Sector"))
            ch.sectors.push_back({{"value", k.code}, {"label", k.name + " (" + k.code + ")"}});
        c.QueryAll<int>(kAuthorityProjects, {authority_id}, [&](const db::Row& r) {
            ch.projects.push_back({{"value", std::to_string(r.Int(0))}, {"label", r.Text(1)}});
            return 0;
        });
        return ch;
    });
}

json Options(const json& list, const std::string& selected) {
    json out = json::array();
    for (const auto& o : list) {
        json item = o;
        item["selected"] = o["value"].get<std::string>() == selected;
        out.push_back(std::move(item));
    }
    return out;
}

// A line as typed in the form (text, so a wrong amount comes back as typed).
struct FormLine {
    std::string recipient;  // "pays:NE" | "region:998" | ""
    std::string channel, sector, type, aid_type, amount, project, comment;
    std::array<std::string, 5> markers{"0", "0", "0", "0", "0"};
};

FormLine ToForm(const Line& l) {
    FormLine f;
    f.recipient = !l.country_iso2.empty()       ? "pays:" + l.country_iso2
                  : !l.recipient_region.empty() ? "region:" + l.recipient_region
                                                : "";
    f.channel = l.channel_code;
    f.sector = l.purpose_code;
    f.type = l.expenditure_type;
    f.aid_type = l.aid_type;
    f.amount = std::to_string(l.amount_eur);
    f.project = l.project_id ? std::to_string(*l.project_id) : "";
    f.comment = l.comment;
    for (std::size_t m = 0; m < 5; ++m) f.markers[m] = std::to_string(l.markers[m]);
    return f;
}

std::string Field(const web::Fields& fields, const std::string& name) {
    return accounts::FormValue(fields, name);
}

std::vector<FormLine> ParseFormLines(const web::Fields& fields) {
    std::vector<FormLine> out;
    const std::string count = Field(fields, "lignes");
    std::size_t n = 0;
    if (!count.empty() && count.size() <= 3 && count.find_first_not_of("0123456789") == count.npos)
        n = std::min<std::size_t>(std::stoul(count), kMaxLines);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string p = "l" + std::to_string(i) + "-";
        FormLine f;
        f.recipient = Field(fields, p + "beneficiaire");
        f.channel = Field(fields, p + "canal");
        f.sector = Field(fields, p + "secteur");
        f.type = Field(fields, p + "type");
        f.aid_type = Field(fields, p + "aide");
        f.amount = Field(fields, p + "montant");
        f.project = Field(fields, p + "projet");
        f.comment = Field(fields, p + "commentaire");
        for (std::size_t m = 0; m < 5; ++m)
            f.markers[m] = Field(fields, p + std::string(kMarkers[m].key));
        out.push_back(std::move(f));
    }
    return out;
}

// Form lines → draft lines; errors of form (amount not a whole number) at their field.
std::vector<Line> ToDraft(const std::vector<FormLine>& form, std::vector<Issue>& issues) {
    std::vector<Line> out;
    for (std::size_t i = 0; i < form.size(); ++i) {
        const FormLine& f = form[i];
        const std::string at = "lines[" + std::to_string(i) + "].";
        Line l;
        if (f.recipient.starts_with("pays:")) l.country_iso2 = f.recipient.substr(5);
        if (f.recipient.starts_with("region:")) l.recipient_region = f.recipient.substr(7);
        l.channel_code = f.channel;
        l.purpose_code = f.sector;
        l.expenditure_type = f.type;
        l.aid_type = f.aid_type;
        std::string amount;
        for (const char ch : f.amount) {
            if (ch != ' ' && ch != '.' && ch != '\xc2' && ch != '\xa0' && ch != '\xe2' &&
                ch != '\x80' && ch != '\xaf')
                amount.push_back(ch);
        }
        if (amount.empty() || amount.size() > 12 ||
            amount.find_first_not_of("0123456789") != amount.npos) {
            issues.push_back({at + "amount_eur",
                              "Le montant doit être un nombre entier d’euros supérieur à zéro "
                              "(sans centimes ni signe).",
                              false});
        } else {
            l.amount_eur = std::stoll(amount);
        }
        for (std::size_t m = 0; m < 5; ++m) {
            const auto& v = f.markers[m];
            l.markers[m] = v == "1" ? 1 : v == "2" ? 2 : v == "0" || v.empty() ? 0 : -1;
        }
        if (!f.project.empty()) {
            l.project_id = text::ParseId(f.project);
            if (!l.project_id) l.project_id = -1;
        }
        l.comment = f.comment;
        out.push_back(std::move(l));
    }
    return out;
}

// "lines[3].amount_eur" → (3, "amount_eur").
std::optional<std::pair<std::size_t, std::string>> LineField(const std::string& field) {
    if (!field.starts_with("lines[")) return std::nullopt;
    const auto close = field.find(']');
    if (close == std::string::npos || close + 2 > field.size()) return std::nullopt;
    const auto index = ParseIndex(std::string_view(field).substr(6, close - 6));
    if (!index) return std::nullopt;
    return std::make_pair(static_cast<std::size_t>(*index), field.substr(close + 2));
}

// The id of a line's input that a field's message belongs to.
std::string InputId(std::size_t i, const std::string& field) {
    const std::string p = "l" + std::to_string(i) + "-";
    if (field == "country_iso2" || field == "recipient_region") return p + "beneficiaire";
    if (field == "channel_code") return p + "canal";
    if (field == "purpose_code") return p + "secteur";
    if (field == "expenditure_type") return p + "type";
    if (field == "aid_type") return p + "type";
    if (field == "amount_eur") return p + "montant";
    if (field == "project_id") return p + "projet";
    if (field == "comment") return p + "commentaire";
    if (field.starts_with("markers.")) return p + field.substr(8);
    return p + "montant";
}

json LinesView(const std::vector<FormLine>& lines, const Choices& ch,
               const std::vector<Issue>& issues) {
    // messages per input id
    std::map<std::string, std::pair<std::string, bool>> messages;
    for (const auto& issue : issues) {
        const auto lf = LineField(issue.field);
        if (!lf) continue;
        const auto id = InputId(lf->first, lf->second);
        if (messages.count(id) && !messages[id].second) continue;  // an error wins
        messages[id] = {issue.message, issue.warning};
    }
    const auto field = [&](const std::string& id, json view) {
        view["id"] = id;
        if (const auto it = messages.find(id); it != messages.end()) {
            view["has_error"] = !it->second.second;
            view["has_warning"] = it->second.second;
            view["message"] = it->second.first;
        }
        return view;
    };
    json out = json::array();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const FormLine& f = lines[i];
        const std::string p = "l" + std::to_string(i) + "-";
        json types = json::array();
        for (const auto& t : kExpenditureTypes) {
            types.push_back(
                {{"value", t.code}, {"label", t.label}, {"selected", t.code == f.type}});
        }
        json markers = json::array();
        for (std::size_t m = 0; m < 5; ++m) {
            json levels = json::array();
            for (std::size_t v = 0; v < 3; ++v) {
                levels.push_back({{"value", std::to_string(v)},
                                  {"label", kMarkerLevels[v]},
                                  {"selected", f.markers[m] == std::to_string(v)}});
            }
            markers.push_back(
                field(p + std::string(kMarkers[m].key), {{"name", p + std::string(kMarkers[m].key)},
                                                         {"label", kMarkers[m].label},
                                                         {"levels", levels}}));
        }
        out.push_back({{"index", i},
                       {"number", i + 1},
                       {"prefix", p},
                       {"recipient", field(p + "beneficiaire", json::object())},
                       {"countries", Options(ch.countries, f.recipient)},
                       {"regions", Options(ch.regions, f.recipient)},
                       {"channel", field(p + "canal", json::object())},
                       {"channels", Options(ch.channels, f.channel)},
                       {"sector", field(p + "secteur", json::object())},
                       {"sectors", Options(ch.sectors, f.sector)},
                       {"type", field(p + "type", json::object())},
                       {"types", types},
                       {"aid_type", f.aid_type},
                       {"amount", field(p + "montant", {{"value", f.amount}})},
                       {"markers", markers},
                       {"project", field(p + "projet", json::object())},
                       {"projects", Options(ch.projects, f.project)},
                       {"has_projects", !ch.projects.empty()},
                       {"comment", field(p + "commentaire", {{"value", f.comment}})}});
    }
    return out;
}

// Lines as a read-only table.
json LinesTable(db::Database& db, const std::vector<Line>& lines) {
    return db.Read([&](db::Connection& c) {
        const CodeBook codes = CodeBook::Load(c);
        const auto names = ReceiptNamesOf(c, codes);
        json out = json::array();
        for (const auto& l : lines) {
            const auto* type = FindExpenditureType(l.expenditure_type);
            std::string markers;
            for (std::size_t m = 0; m < 5; ++m) {
                if (l.markers[m] > 0) {
                    if (!markers.empty()) markers += ", ";
                    markers += std::string(kMarkers[m].label) + " " + std::to_string(l.markers[m]);
                }
            }
            out.push_back({{"recipient", names.recipient(l)},
                           {"type", type ? std::string(type->label) : l.expenditure_type},
                           {"channel", codes.Name("CRSChannelCode", l.channel_code)},
                           {"sector", names.sector(l)},
                           {"amount", Euros(l.amount_eur)},
                           {"markers", markers.empty() ? "—" : markers},
                           {"comment", l.comment}});
        }
        return out;
    });
}

json HistoryView(const Declaration& d) {
    json versions = json::array();
    for (auto it = d.versions.rbegin(); it != d.versions.rend(); ++it) {
        versions.push_back(
            {{"number", it->number},
             {"state", StateLabel(it->state)},
             {"badge", BadgeClass(it->state)},
             {"created_at", FrenchTime(it->created_at)},
             {"submitted", it->submitted_at.empty()
                               ? std::string("—")
                               : FrenchTime(it->submitted_at) + " par " + it->submitted_by},
             {"reviewed", it->reviewed_at.empty()
                              ? std::string("—")
                              : FrenchTime(it->reviewed_at) + " par " + it->reviewed_by},
             {"total",
              it->nothing_to_declare ? std::string("Rien à déclarer") : Euros(it->total_eur)}});
    }
    json comments = json::array();
    for (const auto& c : d.comments) {
        comments.push_back({{"version", c.version_number},
                            {"kind", c.kind == "return"     ? "Renvoi pour correction"
                                     : c.kind == "validate" ? "Validation"
                                                            : "Note"},
                            {"author", c.author},
                            {"body", c.body},
                            {"at", FrenchTime(c.created_at)}});
    }
    return {{"versions", versions}, {"comments", comments}, {"has_comments", !comments.empty()}};
}

json DeclarationHeader(const Declaration& d) {
    return {{"id", d.id},
            {"authority", d.authority_name},
            {"year", d.year},
            {"state", StateLabel(d.current.state)},
            {"badge", BadgeClass(d.current.state)},
            {"version", d.current.number},
            {"total", Euros(d.current.total_eur)},
            {"nothing_to_declare", d.current.nothing_to_declare},
            {"line_count", d.lines.size()},
            {"has_receipt", !d.current.submitted_at.empty()},
            {"validated_version", d.validated_number ? *d.validated_number : 0},
            {"has_validated", d.validated_number.has_value()}};
}

std::string CampaignText(DeclarationService& service, const Campaign& k,
                         std::optional<std::int64_t> authority) {
    std::string text = "Campagne " + std::to_string(k.year) + " : du " + FrenchDate(k.opens_on) +
                       " au " + FrenchDate(k.closes_on) + " inclus";
    const std::string today = service.TodayDate();
    if (today < k.opens_on) {
        text += " (pas encore ouverte).";
    } else if (today > k.closes_on) {
        text += " (close).";
        if (authority) {
            if (const auto until = service.ReopenedUntil(k.year, *authority);
                until && today <= *until)
                text += " Votre déclaration est rouverte jusqu’au " + FrenchDate(*until) + ".";
        }
    } else {
        text += " (ouverte).";
    }
    return text;
}

// --- The authority's pages -----------------------------------------------------------------

struct Env {
    DeclarationService& service;
    Reminders& reminders;
    const web::Templates& templates;
    db::Database& db;
};

web::Response DeclarationPage(Env& env, const web::Request& request, const Actor& actor,
                              const Declaration& d, std::optional<std::vector<FormLine>> typed,
                              std::optional<bool> typed_nothing, std::vector<Issue> issues,
                              int status = 200) {
    const bool open = env.service.IsOpenFor(d.year, d.authority_id);
    const bool editable = open && d.current.state != State::kSubmitted && !actor.ministry;
    json page{
        {"title", "Déclaration APD " + std::to_string(d.year) + " – " + d.authority_name},
        {"breadcrumb",
         Breadcrumb({{"Déclaration APD", "/mon-espace/apd"}, {std::to_string(d.year), ""}}, false)},
        {"declaration", DeclarationHeader(d)},
        {"history", HistoryView(d)},
        {"editable", editable},
        {"submittable", editable},
        {"csrf_token", accounts::AuthOf(request).csrf_token},
        {"flash", Flash(request)},
        {"has_flash", !Flash(request).empty()}};
    if (const auto k = env.service.FindCampaign(d.year))
        page["campaign"] = CampaignText(env.service, *k, d.authority_id);
    if (!open && d.current.state != State::kSubmitted && !actor.ministry) {
        page["closed"] = true;
    }
    if (d.current.state == State::kSubmitted) page["under_review"] = true;
    if (editable) {
        std::vector<FormLine> lines;
        if (typed) {
            lines = *typed;
        } else {
            for (const auto& l : d.lines) lines.push_back(ToForm(l));
            if (issues.empty())
                issues =
                    env.service.Check(d.authority_id, Draft{d.current.nothing_to_declare, d.lines});
        }
        const Choices ch = LoadChoices(env.db, d.authority_id);
        page["lines"] = LinesView(lines, ch, issues);
        page["line_count"] = lines.size();
        page["has_lines"] = !lines.empty();
        page["nothing_to_declare"] = typed_nothing.value_or(d.current.nothing_to_declare);
        json errors = json::array();
        json general = json::array();
        for (const auto& issue : issues) {
            if (issue.warning) continue;
            if (const auto lf = LineField(issue.field)) {
                errors.push_back({{"href", "#" + InputId(lf->first, lf->second)},
                                  {"message", "Ligne " + std::to_string(lf->first + 1) + " : " +
                                                  issue.message}});
            } else {
                general.push_back({{"message", issue.message}, {"field", issue.field}});
                errors.push_back(
                    {{"href", issue.field == "nothing_to_declare" ? "#rien-a-declarer" : "#lignes"},
                     {"message", issue.message}});
            }
        }
        page["errors"] = errors;
        page["has_errors"] = !errors.empty();
        page["general_errors"] = general;
    } else {
        page["table"] = LinesTable(env.db, d.lines);
        page["has_table"] = !d.lines.empty();
    }
    return Page(env.templates, "apd_declaration", std::move(page), status);
}

web::Response SpacePage(Env& env, const web::Request& request) {
    auto acting = ActorFor(request, std::nullopt, env.templates);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    if (actor.ministry) return web::Response::Redirect("/administration/apd");
    const auto campaign = env.service.CurrentCampaign();
    auto list = env.service.ListOf(actor, *actor.authority_id);
    json declarations = json::array();
    bool has_current = false;
    if (list) {
        for (const auto& s : *list) {
            if (campaign && s.year == campaign->year) has_current = true;
            declarations.push_back(
                {{"href", "/mon-espace/apd/declarations/" + std::to_string(s.id)},
                 {"year", s.year},
                 {"state", StateLabel(s.state)},
                 {"badge", BadgeClass(s.state)},
                 {"version", s.version},
                 {"total", Euros(s.total_eur)}});
        }
    }
    const auto authority_name = env.db.Read([&](db::Connection& c) {
        const auto a = repo::FindAuthority(c, *actor.authority_id);
        return a ? a->name : std::string();
    });
    json page{{"title", "Déclaration APD"},
              {"breadcrumb", Breadcrumb({{"Déclaration APD", ""}}, false)},
              {"authority", authority_name},
              {"declarations", declarations},
              {"has_declarations", !declarations.empty()},
              {"csrf_token", accounts::AuthOf(request).csrf_token},
              {"flash", Flash(request)},
              {"has_flash", !Flash(request).empty()}};
    if (campaign) {
        page["campaign"] = {{"year", campaign->year},
                            {"text", CampaignText(env.service, *campaign, actor.authority_id)}};
        page["can_start"] =
            !has_current && env.service.IsOpenFor(campaign->year, *actor.authority_id);
    }
    if (const auto error = request.Query("erreur"); error && !error->empty())
        page["error"] = *error == "fenetre" ? "La campagne n’est pas ouverte : la déclaration ne "
                                              "peut pas être créée."
                                            : "La déclaration n’a pas pu être créée.";
    return Page(env.templates, "apd_space", std::move(page));
}

web::Response CreateFromForm(Env& env, const web::Request& request) {
    auto acting = ActorFor(request, std::nullopt, env.templates);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    if (actor.ministry) return web::Response::Redirect("/administration/apd");
    const auto fields = accounts::FormFields(request);
    const auto year = text::ParseId(Field(fields, "annee"));
    if (!year || *year < 2000 || *year > 2100) {
        return Refused(request, InvalidArgument("annee", "Année invalide."), env.templates);
    }
    auto created = env.service.Create(actor, *actor.authority_id, static_cast<int>(*year),
                                      Field(fields, "preremplir") == "oui");
    if (!created) {
        if (created.error().code == ErrorCode::kAlreadyExists) {
            auto existing = env.service.Find(actor, *actor.authority_id, static_cast<int>(*year));
            if (existing) {
                return web::Response::Redirect("/mon-espace/apd/declarations/" +
                                               std::to_string(existing->id));
            }
        }
        if (created.error().code == ErrorCode::kFailedPrecondition)
            return web::Response::Redirect("/mon-espace/apd?erreur=fenetre");
        return Refused(request, created.error(), env.templates);
    }
    return web::Response::Redirect("/mon-espace/apd/declarations/" + std::to_string(created->id) +
                                   "?ok=creee");
}

// The actor of a declaration page: sign-in, 404, then the policy on its authority.
std::variant<std::pair<Actor, std::int64_t>, web::Response> ForDeclaration(
    Env& env, const web::Request& request) {
    if (!accounts::PrincipalOf(request)) return accounts::SignInRequired(request, env.templates);
    const auto id = text::ParseId(request.Param("id"));
    const auto authority = id ? env.service.AuthorityOf(*id) : std::nullopt;
    if (!authority)
        return Refused(request, NotFound("Cette déclaration n’existe pas."), env.templates);
    auto actor = ActorFor(request, authority, env.templates);
    if (auto* refusal = std::get_if<web::Response>(&actor)) return std::move(*refusal);
    return std::make_pair(std::get<Actor>(actor), *id);
}

web::Response ShowDeclaration(Env& env, const web::Request& request) {
    auto acting = ForDeclaration(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
    if (actor.ministry)
        return web::Response::Redirect("/administration/apd/declarations/" + std::to_string(id));
    auto d = env.service.Get(actor, id);
    if (!d) return Refused(request, d.error(), env.templates);
    return DeclarationPage(env, request, actor, *d, std::nullopt, std::nullopt, {});
}

web::Response PostDeclaration(Env& env, const web::Request& request) {
    auto acting = ForDeclaration(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
    auto d = env.service.Get(actor, id);
    if (!d) return Refused(request, d.error(), env.templates);
    const auto fields = accounts::FormFields(request);
    auto lines = ParseFormLines(fields);
    const bool nothing = Field(fields, "rien") == "oui";
    const std::string action = Field(fields, "action");
    if (action == "ajouter") {
        if (lines.size() < kMaxLines) {
            FormLine blank;
            blank.type = "cooperation";
            blank.channel = "12002";
            lines.push_back(blank);
        }
        return DeclarationPage(env, request, actor, *d, lines, nothing, {});
    }
    if (action.starts_with("supprimer-")) {
        const auto index = ParseIndex(std::string_view(action).substr(10));
        if (index && *index < static_cast<std::int64_t>(lines.size()))
            lines.erase(lines.begin() + *index);
        return DeclarationPage(env, request, actor, *d, lines, nothing, {});
    }
    std::vector<Issue> issues;
    Draft draft{nothing, ToDraft(lines, issues)};
    if (!issues.empty()) {
        // Show every other check too.
        for (auto& i : env.service.Check(d->authority_id, draft)) {
            if (LineField(i.field) && i.field.ends_with("amount_eur")) continue;
            issues.push_back(std::move(i));
        }
        return DeclarationPage(env, request, actor, *d, lines, nothing, issues, 422);
    }
    auto saved = env.service.SaveDraft(actor, id, draft);
    if (!saved) {
        if (saved.error().code == ErrorCode::kInvalidArgument) {
            auto all = env.service.Check(d->authority_id, draft);
            bool has_error = false;
            for (const auto& i : all) has_error |= !i.warning;
            if (!has_error) all.push_back({saved.error().field, saved.error().message, false});
            return DeclarationPage(env, request, actor, *d, lines, nothing, all, 422);
        }
        if (saved.error().code == ErrorCode::kFailedPrecondition) {
            return DeclarationPage(env, request, actor, *d, lines, nothing,
                                   {{saved.error().field, saved.error().message, false}}, 409);
        }
        return Refused(request, saved.error(), env.templates);
    }
    const std::string base = "/mon-espace/apd/declarations/" + std::to_string(id);
    if (action == "soumettre") {
        auto submitted = env.service.Submit(actor, id);
        if (!submitted) {
            return DeclarationPage(
                env, request, actor, saved->declaration, std::nullopt, std::nullopt,
                {{submitted.error().field, submitted.error().message, false}},
                submitted.error().code == ErrorCode::kInvalidArgument ? 422 : 409);
        }
        return web::Response::Redirect(base + "?ok=soumise");
    }
    return web::Response::Redirect(base + "?ok=enregistree");
}

web::Response Receipt(Env& env, const web::Request& request) {
    auto acting = ForDeclaration(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
    auto d = env.service.Get(actor, id);
    if (!d) return Refused(request, d.error(), env.templates);
    if (d->current.submitted_at.empty()) {
        return Refused(request,
                       NotFound("Cette version n’a pas été soumise : il n’y a pas encore "
                                "d’accusé de réception."),
                       env.templates);
    }
    std::string pdf = env.db.Read(
        [&](db::Connection& c) { return ReceiptPdf(*d, ReceiptNamesOf(c, CodeBook::Load(c))); });
    auto response = web::Response::Text(std::move(pdf), "application/pdf");
    response.SetHeader("Content-Disposition", "attachment; filename=\"accuse-reception-" +
                                                  ReceiptReference(*d) + ".pdf\"");
    return response;
}

// --- The ministry's pages ------------------------------------------------------------------

std::variant<Actor, web::Response> MinistryActor(Env& env, const web::Request& request) {
    const accounts::Principal* p = accounts::PrincipalOf(request);
    if (!p) return accounts::SignInRequired(request, env.templates);
    if (auto refusal = accounts::Refusal(request, accounts::Action::kReviewApd,
                                         accounts::Resource::Global(), env.templates))
        return std::move(*refusal);
    return ActorFor(request, std::nullopt, env.templates);
}

int YearOf(Env& env, const web::Request& request) {
    if (const auto y = request.Query("annee");
        y && y->size() == 4 && y->find_first_not_of("0123456789") == y->npos)
        return std::stoi(*y);
    if (const auto k = env.service.CurrentCampaign()) return k->year;
    return 0;
}

web::Response AdminPage(Env& env, const web::Request& request, json errors = json::object(),
                        int status = 200) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const int year = YearOf(env, request);
    const std::string state_filter = request.Query("etat").value_or("");
    json campaigns = json::array();
    for (const auto& k : env.service.Campaigns()) {
        campaigns.push_back(
            {{"year", k.year},
             {"href", "/administration/apd?annee=" + std::to_string(k.year)},
             {"current", k.year == year},
             {"window", "du " + FrenchDate(k.opens_on) + " au " + FrenchDate(k.closes_on)}});
    }
    json rows = json::array();
    std::map<State, int> counts;
    if (year) {
        if (auto list = env.service.List(actor, year)) {
            for (const auto& s : *list) {
                ++counts[s.state];
                if (!state_filter.empty() && StateCode(s.state) != state_filter) continue;
                rows.push_back(
                    {{"href", "/administration/apd/declarations/" + std::to_string(s.id)},
                     {"authority", s.authority_name},
                     {"state", StateLabel(s.state)},
                     {"badge", BadgeClass(s.state)},
                     {"version", s.version},
                     {"total", Euros(s.total_eur)}});
            }
        }
    }
    json states = json::array();
    states.push_back(
        {{"value", ""}, {"label", "Tous les états"}, {"selected", state_filter.empty()}});
    for (const State s : {State::kDraft, State::kSubmitted, State::kReturned, State::kValidated}) {
        states.push_back(
            {{"value", StateCode(s)},
             {"label", std::string(StateLabel(s)) + " (" + std::to_string(counts[s]) + ")"},
             {"selected", StateCode(s) == state_filter}});
    }
    const auto campaign = year ? env.service.FindCampaign(year) : std::nullopt;
    std::string reminders;
    for (const auto& d : year ? env.reminders.Dates(year) : std::vector<std::string>{}) {
        if (!reminders.empty()) reminders += " ";
        reminders += d;
    }
    json page{{"title", "Déclarations APD"},
              {"breadcrumb", json::array({{{"label", "Accueil"}, {"href", "/"}},
                                          {{"label", "Mon espace"}, {"href", "/mon-espace"}},
                                          {{"label", "Déclarations APD"}}})},
              {"year", year},
              {"has_year", year != 0},
              {"campaigns", campaigns},
              {"rows", rows},
              {"has_rows", !rows.empty()},
              {"states", states},
              {"csrf_token", accounts::AuthOf(request).csrf_token},
              {"flash", Flash(request)},
              {"has_flash", !Flash(request).empty()},
              {"reminders", reminders},
              {"missing_href", "/administration/apd/non-declarees?annee=" + std::to_string(year)},
              {"errors", errors}};
    page["new_year"] = year ? year : std::stoi(env.service.TodayDate().substr(0, 4)) - 1;
    if (campaign) {
        page["campaign"] = {{"text", CampaignText(env.service, *campaign, std::nullopt)},
                            {"opens_on", campaign->opens_on},
                            {"closes_on", campaign->closes_on}};
    }
    if (errors.contains("opens_on_value")) page["campaign"]["opens_on"] = errors["opens_on_value"];
    if (errors.contains("closes_on_value"))
        page["campaign"]["closes_on"] = errors["closes_on_value"];
    return Page(env.templates, "apd_admin", std::move(page), status);
}

web::Response PostCampaign(Env& env, const web::Request& request) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const auto fields = accounts::FormFields(request);
    const auto year = text::ParseId(Field(fields, "annee"));
    if (!year || *year < 2000 || *year > 2100) {
        return AdminPage(env, request,
                         {{"annee", "L’année déclarée doit être comprise entre 2000 et 2100."}},
                         422);
    }
    auto opened = env.service.OpenCampaign(actor, static_cast<int>(*year),
                                           Field(fields, "ouverture"), Field(fields, "cloture"));
    if (!opened) {
        json errors{{opened.error().field == "opens_on"    ? "ouverture"
                     : opened.error().field == "closes_on" ? "cloture"
                                                           : "annee",
                     opened.error().message},
                    {"opens_on_value", Field(fields, "ouverture")},
                    {"closes_on_value", Field(fields, "cloture")}};
        return AdminPage(env, request, errors, 422);
    }
    return web::Response::Redirect("/administration/apd?annee=" + std::to_string(*year) +
                                   "&ok=campagne");
}

web::Response PostReminders(Env& env, const web::Request& request) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const auto fields = accounts::FormFields(request);
    const auto year = text::ParseId(Field(fields, "annee"));
    if (!year) return AdminPage(env, request, {{"relances", "Année invalide."}}, 422);
    const std::string text = Field(fields, "relances");
    if (text.size() > 200) return AdminPage(env, request, {{"relances", "Trop de dates."}}, 422);
    std::vector<std::string> dates;
    std::string current;
    for (const char ch : text + " ") {
        if (ch == ' ' || ch == ',' || ch == ';' || ch == '\n' || ch == '\r') {
            if (!current.empty()) dates.push_back(current);
            current.clear();
        } else {
            current.push_back(ch);
        }
    }
    auto set = env.reminders.Set(actor, static_cast<int>(*year), dates);
    if (!set) return AdminPage(env, request, {{"relances", set.error().message}}, 422);
    return web::Response::Redirect("/administration/apd?annee=" + std::to_string(*year) +
                                   "&ok=relances");
}

web::Response ReviewPage(Env& env, const web::Request& request, json errors = json::object(),
                         int status = 200) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Refused(request, NotFound("Cette déclaration n’existe pas."), env.templates);
    auto d = env.service.Get(actor, *id);
    if (!d) return Refused(request, d.error(), env.templates);
    const auto campaign = env.service.FindCampaign(d->year);
    json page{{"title", "Déclaration APD " + std::to_string(d->year) + " – " + d->authority_name},
              {"breadcrumb", Breadcrumb({{d->authority_name, ""}}, true)},
              {"declaration", DeclarationHeader(*d)},
              {"history", HistoryView(*d)},
              {"table", LinesTable(env.db, d->lines)},
              {"has_table", !d->lines.empty()},
              {"submitted", d->current.state == State::kSubmitted},
              {"csrf_token", accounts::AuthOf(request).csrf_token},
              {"flash", Flash(request)},
              {"has_flash", !Flash(request).empty()},
              {"errors", errors},
              {"reopen_until", campaign ? campaign->closes_on : ""}};
    if (const auto until = env.service.ReopenedUntil(d->year, d->authority_id))
        page["reopened_until"] = FrenchDate(*until);
    if (campaign) page["campaign"] = CampaignText(env.service, *campaign, std::nullopt);
    json warnings = json::array();
    for (const auto& i :
         env.service.Check(d->authority_id, Draft{d->current.nothing_to_declare, d->lines})) {
        if (const auto lf = LineField(i.field))
            warnings.push_back("Ligne " + std::to_string(lf->first + 1) + " : " + i.message);
        else
            warnings.push_back(i.message);
    }
    page["warnings"] = warnings;
    page["has_warnings"] = !warnings.empty();
    return Page(env.templates, "apd_review", std::move(page), status);
}

web::Response PostReview(Env& env, const web::Request& request, std::string_view what) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Refused(request, NotFound("Cette déclaration n’existe pas."), env.templates);
    const auto fields = accounts::FormFields(request);
    const std::string comment = Field(fields, "commentaire");
    const std::string base = "/administration/apd/declarations/" + std::to_string(*id);
    if (what == "rouvrir") {
        const auto authority = env.service.AuthorityOf(*id);
        auto d = env.service.Get(actor, *id);
        if (!authority || !d)
            return Refused(request, NotFound("Déclaration inconnue."), env.templates);
        auto done = env.service.Reopen(actor, d->year, *authority, Field(fields, "jusqua"),
                                       Field(fields, "motif"));
        if (!done) return ReviewPage(env, request, {{"rouvrir", done.error().message}}, 422);
        return web::Response::Redirect(base + "?ok=rouverte");
    }
    auto done = what == "valider" ? env.service.Validate(actor, *id, comment)
                                  : env.service.Return(actor, *id, comment);
    if (!done) {
        return ReviewPage(env, request, {{std::string(what), done.error().message}},
                          done.error().code == ErrorCode::kInvalidArgument ? 422 : 409);
    }
    return web::Response::Redirect(base + (what == "valider" ? "?ok=validee" : "?ok=renvoyee"));
}

// The not-declared list with its filters; `csv` for the export.
web::Response MissingPage(Env& env, const web::Request& request, bool csv) {
    auto acting = MinistryActor(env, request);
    if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
    const Actor& actor = std::get<Actor>(acting);
    const int year = YearOf(env, request);
    const std::string kind = request.Query("type").value_or("");
    const std::string region = request.Query("region").value_or("");
    const std::string department = request.Query("departement").value_or("");
    auto missing = env.service.NotDeclared(actor, year, kind, region, department);
    if (!missing) return Refused(request, missing.error(), env.templates);
    const auto kind_label = [](const std::string& k) {
        for (const auto& [code, label] : kAuthorityKind) {
            if (code == k) return std::string(label);
        }
        return k;
    };
    if (csv) {
        const auto cell = [](const std::string& s) {
            std::string out = "\"";
            // A leading formula character is neutralised for spreadsheets.
            if (!s.empty() && std::string_view("=+-@").find(s.front()) != std::string_view::npos)
                out += "'";
            for (const char ch : s) {
                if (ch == '"') out += '"';
                out += ch;
            }
            return out + "\"";
        };
        std::string body =
            "\xEF\xBB\xBF"
            "identifiant;collectivite;type;region;departement;etat_declaration\r\n";
        for (const auto& m : *missing) {
            body += std::to_string(m.authority_id) + ";" + cell(m.name) + ";" +
                    cell(kind_label(m.kind)) + ";" + cell(m.region) + ";" + cell(m.department) +
                    ";" + cell(m.state.empty() ? "aucune" : m.state) + "\r\n";
        }
        auto response = web::Response::Text(std::move(body), "text/csv; charset=utf-8");
        response.SetHeader("Content-Disposition", "attachment; filename=\"apd-non-declarees-" +
                                                      std::to_string(year) + ".csv\"");
        return response;
    }
    json rows = json::array();
    for (const auto& m : *missing) {
        const auto state = ParseState(m.state);
        rows.push_back(
            {{"name", m.name},
             {"kind", kind_label(m.kind)},
             {"region", m.region},
             {"department",
              m.department.empty() ? std::string("—") : m.department_code + " " + m.department},
             {"state", state ? std::string(StateLabel(*state)) : "Aucune déclaration"}});
    }
    json kinds =
        json::array({{{"value", ""}, {"label", "Tous les types"}, {"selected", kind.empty()}}});
    for (const auto& [code, label] : kAuthorityKinds)
        kinds.push_back({{"value", code}, {"label", label}, {"selected", code == kind}});
    json regions = json::array(
        {{{"value", ""}, {"label", "Toutes les régions"}, {"selected", region.empty()}}});
    json departments = json::array(
        {{{"value", ""}, {"label", "Tous les départements"}, {"selected", department.empty()}}});
    env.db.Read([&](db::Connection& c) {
        c.QueryAll<int>(kRegions, {}, [&](const db::Row& r) {
            regions.push_back(
                {{"value", r.Text(0)}, {"label", r.Text(1)}, {"selected", r.Text(0) == region}});
            return 0;
        });
        c.QueryAll<int>(kDepartments, {}, [&](const db::Row& r) {
            departments.push_back({{"value", r.Text(0)},
                                   {"label", r.Text(0) + " " + r.Text(1)},
                                   {"selected", r.Text(0) == department}});
            return 0;
        });
        return 0;
    });
    std::string query = "annee=" + std::to_string(year);
    if (!kind.empty()) query += "&type=" + web::PercentEncode(kind);
    if (!region.empty()) query += "&region=" + web::PercentEncode(region);
    if (!department.empty()) query += "&departement=" + web::PercentEncode(department);
    const std::size_t shown = std::min<std::size_t>(rows.size(), 500);
    json shown_rows = json::array();
    for (std::size_t i = 0; i < shown; ++i) shown_rows.push_back(rows[i]);
    json page{{"title", "Collectivités n’ayant pas déclaré leur APD " + std::to_string(year)},
              {"breadcrumb", Breadcrumb({{"Non déclarées", ""}}, true)},
              {"year", year},
              {"rows", shown_rows},
              {"count", text::FormatThousands(static_cast<std::int64_t>(rows.size()))},
              {"truncated", rows.size() > shown},
              {"has_rows", !rows.empty()},
              {"kinds", kinds},
              {"regions", regions},
              {"departments", departments},
              {"csv_href", "/administration/apd/non-declarees.csv?" + query}};
    return Page(env.templates, "apd_missing", std::move(page));
}

}  // namespace

ReceiptNames ReceiptNamesOf(db::Connection& c, const CodeBook& codes) {
    ReceiptNames names;
    names.recipient = [&c, &codes](const Line& l) {
        if (!l.country_iso2.empty()) {
            const auto name = c.FindOne<std::string>(kCountryName, {l.country_iso2},
                                                     [](const db::Row& r) { return r.Text(0); });
            return name.value_or(l.country_iso2);
        }
        const std::string name = codes.Name("Region", l.recipient_region);
        return name.empty() ? l.recipient_region : name;
    };
    names.sector = [&codes](const Line& l) {
        const std::string name = codes.Name("Sector", l.purpose_code);
        return name.empty() ? l.purpose_code : name + " (" + l.purpose_code + ")";
    };
    return names;
}

void RegisterDeclarationPages(web::Router& router, DeclarationService& service,
                              Reminders& reminders, const web::Templates& templates) {
    auto env = std::make_shared<Env>(Env{service, reminders, templates, service.database()});
    const auto bind = [env](auto fn) {
        return [env, fn](const web::Request& request) { return fn(*env, request); };
    };
    router.Get("/mon-espace/apd", bind(SpacePage));
    router.Post("/mon-espace/apd/creer", bind(CreateFromForm));
    router.Get("/mon-espace/apd/declarations/{id}", bind(ShowDeclaration));
    router.Post("/mon-espace/apd/declarations/{id}", bind(PostDeclaration));
    router.Get("/mon-espace/apd/declarations/{id}/accuse.pdf", bind(Receipt));
    router.Get("/administration/apd",
               [env](const web::Request& request) { return AdminPage(*env, request); });
    router.Post("/administration/apd/campagne", bind(PostCampaign));
    router.Post("/administration/apd/relances", bind(PostReminders));
    router.Get("/administration/apd/declarations/{id}",
               [env](const web::Request& request) { return ReviewPage(*env, request); });
    for (const std::string what : {"valider", "renvoyer", "rouvrir"}) {
        router.Post(
            "/administration/apd/declarations/{id}/" + what,
            [env, what](const web::Request& request) { return PostReview(*env, request, what); });
    }
    router.Get("/administration/apd/non-declarees",
               [env](const web::Request& request) { return MissingPage(*env, request, false); });
    router.Get("/administration/apd/non-declarees.csv",
               [env](const web::Request& request) { return MissingPage(*env, request, true); });
}

}  // namespace cncd::apd
