#include "modules/fiches/fiches_routes.hpp"

#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "modules/fiches/fiches_json.hpp"
#include "modules/fiches/fiches_views.hpp"
#include "web/errors.hpp"

namespace cncd::fiches {
namespace {

using nlohmann::json;

constexpr std::string_view kCsrfMessage =
    "Jeton de sécurité manquant ou expiré : rechargez la page et recommencez.";
constexpr std::string_view kBadId = "L’identifiant doit être un entier positif.";
constexpr std::size_t kMaxFormFields = 2000;

struct Env {
    FicheService& service;
    const web::Templates& templates;
    FicheSeam seam;
};

template <typename T>
std::optional<T> ParseInt(std::string_view text) {
    T value{};
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
    return value;
}

web::Response Fail(const Env& env, const web::Request& request, const Error& error) {
    return web::ErrorResponse(request, error, env.templates);
}

web::Response CsrfFailure(const Env& env, const web::Request& request) {
    return web::ErrorResponse(request, 403, "csrf_invalid", kCsrfMessage, env.templates);
}

web::Response Unauthenticated(const Env& env, const web::Request& request) {
    if (request.IsApi()) {
        return Fail(env, request,
                    Error{ErrorCode::kUnauthenticated,
                          "Connectez-vous pour modifier les fiches-projets.",
                          {}});
    }
    return web::Response::Redirect("/connexion?retour=" + web::PercentEncode(request.target));
}

// Runs `handle(actor)` for a signed-in user; unsafe methods also need a valid CSRF token.
template <typename Handle>
web::Handler Guarded(std::shared_ptr<Env> env, Handle handle) {
    return [env, handle](const web::Request& request) {
        const auto actor = env->seam.current_actor(request);
        if (!actor) return Unauthenticated(*env, request);
        const bool unsafe = request.method != "GET" && request.method != "HEAD";
        if (unsafe && !env->seam.csrf_ok(request)) return CsrfFailure(*env, request);
        return handle(*env, request, *actor);
    };
}

web::Response Page(const Env& env, std::string_view name, json page) {
    return web::Response::Html(env.templates.RenderPage(name, page));
}

json Breadcrumb(std::vector<std::pair<std::string, std::string>> items) {
    json out = json::array({{{"label", "Accueil"}, {"href", "/"}},
                            {{"label", "Mon espace"}, {"href", "/mon-espace/projets"}}});
    for (auto& [label, href] : items) {
        json item{{"label", label}};
        if (!href.empty()) item["href"] = href;
        out.push_back(std::move(item));
    }
    return out;
}

// Forms ---------------------------------------------------------------------------------------

struct ParsedForm {
    FicheInput input;
    int version = 1;
    std::string partner_add;
    std::string associate_add;
    std::string lead_text;
    std::vector<Error> errors;  ///< values that are not numbers
};

void FormYear(const web::Fields& fields, const std::string& name, std::optional<int>& out,
              std::vector<Error>& errors) {
    for (const auto& [k, v] : fields) {
        if (k != name || v.empty()) continue;
        out = ParseInt<int>(v);
        if (!out)
            errors.push_back(InvalidArgument(name, "Indiquez une année en chiffres (ex. 2024)."));
        return;
    }
}

ParsedForm ParseForm(const web::Request& request) {
    ParsedForm form;
    web::Fields fields = web::ParseQueryString(request.body);
    if (fields.size() > kMaxFormFields) fields.resize(kMaxFormFields);
    std::vector<std::string> cofinancers;
    std::vector<std::string> years;
    std::vector<std::string> amounts;
    auto& in = form.input;
    for (const auto& [k, v] : fields) {
        if (k == "title")
            in.title = v;
        else if (k == "kind")
            in.kind = v;
        else if (k == "status")
            in.status = v;
        else if (k == "objectives")
            in.objectives = v;
        else if (k == "description")
            in.description = v;
        else if (k == "history")
            in.history = v;
        else if (k == "context")
            in.context = v;
        else if (k == "convention_date")
            in.convention_date = v;
        else if (k == "partner_add")
            form.partner_add = v;
        else if (k == "associate_add")
            form.associate_add = v;
        else if (k == "lead_authority")
            form.lead_text = v;
        else if (k == "financing_cofinancer")
            cofinancers.push_back(v);
        else if (k == "financing_year")
            years.push_back(v);
        else if (k == "financing_amount")
            amounts.push_back(v);
        else if (k == "version")
            form.version = ParseInt<int>(v).value_or(0);
        else if (k == "themes" || k == "partners" || k == "associates") {
            const auto id = text::ParseId(v);
            if (!id) continue;
            (k == "themes"     ? in.themes
             : k == "partners" ? in.partners
                               : in.associates)
                .push_back(*id);
        }
    }
    FormYear(fields, "start_year", in.start_year, form.errors);
    FormYear(fields, "end_year", in.end_year, form.errors);
    const std::size_t rows = std::max({cofinancers.size(), years.size(), amounts.size()});
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string year = i < years.size() ? years[i] : "";
        const std::string amount = i < amounts.size() ? amounts[i] : "";
        if (year.empty() && amount.empty()) continue;  // an empty row of the form
        const std::string prefix = "financing[" + std::to_string(in.financing.size()) + "].";
        FinancingInput line;
        const std::string cofinancer = i < cofinancers.size() ? cofinancers[i] : "propres";
        if (cofinancer != "propres") line.cofinancer_id = text::ParseId(cofinancer).value_or(-1);
        if (!year.empty()) {
            line.year = ParseInt<int>(year);
            if (!line.year)
                form.errors.push_back(
                    InvalidArgument(prefix + "year", "Indiquez une année en chiffres."));
        }
        if (!amount.empty()) {
            std::string digits;
            for (const char c : amount) {
                if (c != ' ' && c != '.') digits.push_back(c);
            }
            // Spaces (and no-break spaces) group thousands: drop them.
            std::string cleaned;
            for (std::size_t j = 0; j < digits.size(); ++j) {
                if (digits.compare(j, 3, "\u202f") == 0 || digits.compare(j, 2, "\u00a0") == 0) {
                    j += digits.compare(j, 3, "\u202f") == 0 ? 2 : 1;
                    continue;
                }
                cleaned.push_back(digits[j]);
            }
            line.amount_eur = ParseInt<std::int64_t>(cleaned);
            if (!line.amount_eur)
                form.errors.push_back(InvalidArgument(
                    prefix + "amount_eur", "Indiquez un montant en euros, en chiffres."));
        }
        in.financing.push_back(line);
    }
    return form;
}

// Resolves the "add" fields into ids; their errors go to the form.
void ResolveAdds(Env& env, ParsedForm& form, const Actor& actor, bool creating) {
    if (!form.partner_add.empty()) {
        auto id = env.service.ResolvePartner(form.partner_add, "partner_add");
        if (id) {
            form.input.partners.push_back(*id);
            form.partner_add.clear();
        } else {
            form.errors.push_back(id.error());
        }
    }
    if (!form.associate_add.empty()) {
        auto id = env.service.ResolveAuthority(form.associate_add, "associate_add");
        if (id) {
            form.input.associates.push_back(*id);
            form.associate_add.clear();
        } else {
            form.errors.push_back(id.error());
        }
    }
    if (creating && actor.ministry) {
        if (form.lead_text.empty()) {
            form.errors.push_back(
                InvalidArgument("lead_authority_id", "Choisissez la collectivité chef de file."));
        } else if (auto id = env.service.ResolveAuthority(form.lead_text, "lead_authority_id")) {
            form.input.lead_authority_id = *id;
        } else {
            form.errors.push_back(id.error());
        }
    }
}

FormState StateFor(Env& env, const web::Request& request, const ParsedForm& form) {
    FormState s;
    s.input = form.input;
    s.version = form.version;
    s.partner_add = form.partner_add;
    s.associate_add = form.associate_add;
    s.lead_text = form.lead_text;
    s.partners = env.service.PartnerNames(form.input.partners);
    s.associates = env.service.AuthorityNames(form.input.associates);
    s.csrf_token = env.seam.csrf_token(request);
    s.choices = env.service.Choices();
    return s;
}

web::Response FormPage(const Env& env, const FormState& s, int status) {
    const std::string title = s.creating ? "Nouvelle fiche-projet" : "Modifier la fiche";
    json page{{"title", s.creating ? title : title + " « " + s.title_shown + " »"},
              {"heading", title},
              {"fiche_title", s.title_shown},
              {"breadcrumb", Breadcrumb({{"Mes projets", "/mon-espace/projets"},
                                         {s.creating ? title : s.title_shown, ""}})},
              {"styles", {"/static/css/fiche.css"}},
              {"scripts", {"/static/js/fiche-edit.js"}},
              {"form", FormView(s)}};
    auto response = web::Response::Html(env.templates.RenderPage("fiche_form", page), status);
    return response;
}

// Page handlers ----------------------------------------------------------------------------

web::Response MyFichesPage(Env& env, const web::Request& request, const Actor& actor) {
    json page{{"title", "Mes projets"},
              {"breadcrumb", Breadcrumb({{"Mes projets", ""}})},
              {"styles", {"/static/css/fiche.css"}},
              {"ministry", actor.ministry},
              {"has_authority", actor.authority_id.has_value()}};
    if (actor.authority_id) {
        auto fiches = env.service.MyFiches(actor);
        if (!fiches) return Fail(env, request, fiches.error());
        auto quality = env.service.Quality(actor, *actor.authority_id);
        if (!quality) return Fail(env, request, quality.error());
        std::string saved;
        if (request.Query("cree")) saved = "La fiche a été créée. Elle est visible dans l’Atlas.";
        page["mine"] = MyFichesView(*fiches, *quality, saved);
        page["authority_name"] = quality->authority_name;
    }
    return Page(env, "fiche_list", page);
}

web::Response NewForm(Env& env, const web::Request& request, const Actor& actor) {
    if (!Allowed(actor, FicheAction::kCreate, nullptr))
        return Fail(
            env, request,
            Error{ErrorCode::kPermissionDenied, "Votre compte ne peut pas créer de fiche.", {}});
    ParsedForm form;
    form.input.kind = "cooperation";
    form.input.status = "active";
    FormState s = StateFor(env, request, form);
    s.creating = true;
    s.ask_lead = actor.ministry;
    return FormPage(env, s, 200);
}

web::Response CreateFromForm(Env& env, const web::Request& request, const Actor& actor) {
    ParsedForm form = ParseForm(request);
    ResolveAdds(env, form, actor, true);
    Result<Saved> saved = form.errors.empty() ? env.service.Create(actor, form.input)
                                              : Result<Saved>(form.errors.front());
    if (saved)
        return web::Response::Redirect("/mon-espace/projets/" + std::to_string(saved->project_id) +
                                       "/modifier?cree=1");
    if (saved.error().code != ErrorCode::kInvalidArgument) return Fail(env, request, saved.error());
    FormState s = StateFor(env, request, form);
    s.creating = true;
    s.ask_lead = actor.ministry;
    s.errors = form.errors;
    for (auto& e : env.service.Validate(actor, form.input, true)) s.errors.push_back(std::move(e));
    if (s.errors.empty()) s.errors.push_back(saved.error());
    return FormPage(env, s, 400);
}

web::Response EditForm(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    auto current = env.service.GetForEdit(actor, *id);
    if (!current) return Fail(env, request, current.error());
    ParsedForm form;
    form.input = FicheService::InputOf(current->fiche);
    form.version = current->version;
    FormState s = StateFor(env, request, form);
    s.id = *id;
    s.title_shown = current->fiche.title;
    s.status_shown = current->fiche.status;
    s.lead_name = current->fiche.lead ? current->fiche.lead->name : "";
    if (request.Query("cree")) s.saved = "La fiche a été créée. Elle est visible dans l’Atlas.";
    if (request.Query("enregistre"))
        s.saved = "Vos modifications sont enregistrées (version " +
                  std::to_string(current->version) + ") et visibles dans l’Atlas.";
    return FormPage(env, s, 200);
}

web::Response UpdateFromForm(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    auto current = env.service.GetForEdit(actor, *id);
    if (!current) return Fail(env, request, current.error());
    ParsedForm form = ParseForm(request);
    ResolveAdds(env, form, actor, false);
    Result<Saved> saved = form.errors.empty()
                              ? env.service.Update(actor, *id, form.version, form.input)
                              : Result<Saved>(form.errors.front());
    if (saved)
        return web::Response::Redirect("/mon-espace/projets/" + std::to_string(*id) +
                                       "/modifier?enregistre=1");
    const auto code = saved.error().code;
    if (code != ErrorCode::kInvalidArgument && code != ErrorCode::kFailedPrecondition)
        return Fail(env, request, saved.error());
    FormState s = StateFor(env, request, form);
    s.id = *id;
    s.title_shown = current->fiche.title;
    s.status_shown = current->fiche.status;
    s.lead_name = current->fiche.lead ? current->fiche.lead->name : "";
    if (code == ErrorCode::kFailedPrecondition) {
        // The user's input is shown again, to be saved over the current version once checked.
        s.conflict = saved.error().message;
        s.version = current->version;
        return FormPage(env, s, 409);
    }
    s.errors = form.errors;
    for (auto& e : env.service.Validate(actor, form.input, false)) s.errors.push_back(std::move(e));
    if (s.errors.empty()) s.errors.push_back(saved.error());
    return FormPage(env, s, 400);
}

web::Response CloseFromForm(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    const auto fields = web::ParseQueryString(request.body);
    int version = 0;
    std::optional<int> end_year;
    for (const auto& [k, v] : fields) {
        if (k == "version") version = ParseInt<int>(v).value_or(0);
        if (k == "end_year" && !v.empty()) end_year = ParseInt<int>(v).value_or(0);
    }
    auto saved = env.service.Close(actor, *id, version, end_year);
    if (!saved) return Fail(env, request, saved.error());
    return web::Response::Redirect("/mon-espace/projets/" + std::to_string(*id) +
                                   "/modifier?enregistre=1");
}

web::Response HistoryPage(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    auto history = env.service.GetHistory(actor, *id);
    if (!history) return Fail(env, request, history.error());
    const auto& title = history->current.fiche.title;
    json page{{"title", "Historique de la fiche « " + title + " »"},
              {"breadcrumb",
               Breadcrumb({{"Mes projets", "/mon-espace/projets"},
                           {title, "/mon-espace/projets/" + std::to_string(*id) + "/modifier"},
                           {"Historique", ""}})},
              {"styles", {"/static/css/fiche.css"}},
              {"reverted", request.Query("annule").has_value()},
              {"history", HistoryView(*history, actor, env.seam.csrf_token(request))}};
    return Page(env, "fiche_history", page);
}

web::Response DiffPage(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    const auto from = ParseInt<int>(request.Query("de").value_or(""));
    const auto to = ParseInt<int>(request.Query("a").value_or(""));
    if (!from)
        return Fail(env, request, InvalidArgument("de", "Indiquez la version de départ (de)."));
    if (!to) return Fail(env, request, InvalidArgument("a", "Indiquez la version d’arrivée (a)."));
    auto diff = env.service.Diff(actor, *id, *from, *to);
    if (!diff) return Fail(env, request, diff.error());
    const std::string label = "Versions " + std::to_string(*from) + " et " + std::to_string(*to);
    json page{
        {"title", label + " de la fiche « " + diff->project_title + " »"},
        {"breadcrumb",
         Breadcrumb(
             {{"Mes projets", "/mon-espace/projets"},
              {diff->project_title, "/mon-espace/projets/" + std::to_string(*id) + "/modifier"},
              {"Historique", "/mon-espace/projets/" + std::to_string(*id) + "/historique"},
              {label, ""}})},
        {"styles", {"/static/css/fiche.css"}},
        {"diff", DiffView(*diff)}};
    return Page(env, "fiche_diff", page);
}

web::Response RevertFromForm(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    const auto version = ParseInt<int>(request.Param("n"));
    if (!id || !version) return Fail(env, request, NotFound(std::string(kBadId)));
    auto saved = env.service.Revert(actor, *id, *version);
    if (!saved) return Fail(env, request, saved.error());
    return web::Response::Redirect("/mon-espace/projets/" + std::to_string(*id) +
                                   "/historique?annule=1");
}

ChangeFilter ParseChangeFilter(const web::Request& request, std::vector<Error>& errors) {
    ChangeFilter f;
    f.region_code = request.Query("region").value_or("");
    f.department_code = request.Query("departement").value_or("");
    constexpr std::size_t kMaxCode = 3;
    if (f.region_code.size() > kMaxCode) {
        errors.push_back(InvalidArgument("region", "Cette région n’existe pas."));
        f.region_code.clear();
    }
    if (f.department_code.size() > kMaxCode) {
        errors.push_back(
            InvalidArgument("departement", "Indiquez un code de département (ex. 64)."));
        f.department_code.clear();
    }
    if (const auto a = request.Query("collectivite"); a && !a->empty()) {
        f.authority_id = text::ParseId(*a);
        if (!f.authority_id)
            errors.push_back(InvalidArgument(
                "collectivite", "L’identifiant de collectivité doit être un entier positif."));
    }
    f.from = request.Query("de").value_or("");
    f.to = request.Query("a").value_or("");
    f.page = ParseInt<int>(request.Query("page").value_or("1")).value_or(0);
    return f;
}

web::Response ChangesPage(Env& env, const web::Request& request, const Actor& actor) {
    std::vector<Error> errors;
    ChangeFilter filter = ParseChangeFilter(request, errors);
    auto page = env.service.RecentChanges(actor, filter);
    if (!page && page.error().code != ErrorCode::kInvalidArgument)
        return Fail(env, request, page.error());
    if (!page) {
        errors.push_back(page.error());
        filter.from.clear();
        filter.to.clear();
        filter.page = 1;
        page = env.service.RecentChanges(actor, filter);
        if (!page) return Fail(env, request, page.error());
    }
    json page_json{{"title", "Modifications récentes des fiches"},
                   {"breadcrumb", json::array({{{"label", "Accueil"}, {"href", "/"}},
                                               {{"label", "Administration"}},
                                               {{"label", "Modifications récentes"}}})},
                   {"styles", {"/static/css/fiche.css"}},
                   {"changes", ChangesView(*page, filter, env.service.Regions(), actor,
                                           env.seam.csrf_token(request), errors)}};
    auto response = Page(env, "changes", page_json);
    if (!errors.empty()) response.status = 400;
    return response;
}

web::Response QualityOverviewPage(Env& env, const web::Request& request, const Actor& actor) {
    const std::string region = request.Query("region").value_or("");
    auto reports = env.service.QualityOverview(actor, region.size() > 3 ? "" : region);
    if (!reports) return Fail(env, request, reports.error());
    const int page = ParseInt<int>(request.Query("page").value_or("1")).value_or(1);
    json view{{"title", "Qualité des fiches par collectivité"},
              {"breadcrumb", json::array({{{"label", "Accueil"}, {"href", "/"}},
                                          {{"label", "Administration"}},
                                          {{"label", "Qualité des fiches"}}})},
              {"styles", {"/static/css/fiche.css"}},
              {"overview", QualityOverviewView(*reports, env.service.Regions(), region, page)}};
    return Page(env, "fiche_quality", view);
}

web::Response QualityDetailPage(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, NotFound(std::string(kBadId)));
    auto report = env.service.Quality(actor, *id);
    if (!report) return Fail(env, request, report.error());
    json view{{"title", "Qualité des fiches : " + report->authority_name},
              {"breadcrumb",
               json::array({{{"label", "Accueil"}, {"href", "/"}},
                            {{"label", "Administration"}},
                            {{"label", "Qualité des fiches"}, {"href", "/administration/qualite"}},
                            {{"label", report->authority_name}}})},
              {"styles", {"/static/css/fiche.css"}},
              {"quality", QualityDetailView(*report)}};
    return Page(env, "fiche_quality_detail", view);
}

// API ----------------------------------------------------------------------------------------

// Reads the JSON body's fields over `in` (absent keys keep their value).
Status ReadJsonInput(const json& body, FicheInput& in) {
    if (!body.is_object()) return InvalidArgument("body", "Le corps doit être un objet JSON.");
    const auto text = [&](const char* key, std::string& out) -> Status {
        if (!body.contains(key)) return Ok{};
        const auto& v = body[key];
        if (v.is_null()) {
            out.clear();
            return Ok{};
        }
        if (!v.is_string())
            return InvalidArgument(key, std::string("« ") + key + " » doit être une chaîne.");
        out = v.get<std::string>();
        return Ok{};
    };
    const auto year = [&](const char* key, std::optional<int>& out) -> Status {
        if (!body.contains(key)) return Ok{};
        const auto& v = body[key];
        if (v.is_null()) {
            out.reset();
            return Ok{};
        }
        if (!v.is_number_integer() || v.get<std::int64_t>() < -100000 ||
            v.get<std::int64_t>() > 100000)
            return InvalidArgument(key,
                                   std::string("« ") + key + " » doit être une année (entier).");
        out = v.get<int>();
        return Ok{};
    };
    const auto ids = [&](const char* key, std::vector<std::int64_t>& out) -> Status {
        if (!body.contains(key)) return Ok{};
        const auto& v = body[key];
        if (!v.is_array())
            return InvalidArgument(
                key, std::string("« ") + key + " » doit être une liste d’identifiants.");
        out.clear();
        for (const auto& item : v) {
            if (!item.is_number_integer())
                return InvalidArgument(
                    key, std::string("« ") + key + " » doit être une liste d’identifiants.");
            out.push_back(item.get<std::int64_t>());
        }
        return Ok{};
    };
    for (const auto& [key, out] :
         {std::pair{"title", &in.title}, std::pair{"kind", &in.kind},
          std::pair{"status", &in.status}, std::pair{"objectives", &in.objectives},
          std::pair{"description", &in.description}, std::pair{"history", &in.history},
          std::pair{"context", &in.context}, std::pair{"convention_date", &in.convention_date}}) {
        if (auto s = text(key, *out); !s) return s;
    }
    if (auto s = year("start_year", in.start_year); !s) return s;
    if (auto s = year("end_year", in.end_year); !s) return s;
    if (auto s = ids("themes", in.themes); !s) return s;
    if (auto s = ids("partners", in.partners); !s) return s;
    if (auto s = ids("associates", in.associates); !s) return s;
    if (body.contains("lead_authority_id")) {
        const auto& v = body["lead_authority_id"];
        if (!v.is_number_integer())
            return InvalidArgument("lead_authority_id",
                                   "« lead_authority_id » doit être un identifiant.");
        in.lead_authority_id = v.get<std::int64_t>();
    }
    if (body.contains("financing")) {
        const auto& lines = body["financing"];
        if (!lines.is_array())
            return InvalidArgument("financing", "« financing » doit être une liste de lignes.");
        in.financing.clear();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& line = lines[i];
            const std::string prefix = "financing[" + std::to_string(i) + "].";
            if (!line.is_object())
                return InvalidArgument(prefix.substr(0, prefix.size() - 1),
                                       "Chaque ligne de financement est un objet.");
            FinancingInput f;
            const auto number = [&](const char* key,
                                    bool nullable) -> Result<std::optional<std::int64_t>> {
                if (!line.contains(key) || line[key].is_null()) {
                    if (nullable) return std::optional<std::int64_t>();
                    return InvalidArgument(prefix + key,
                                           std::string("« ") + key + " » est obligatoire.");
                }
                if (!line[key].is_number_integer())
                    return InvalidArgument(prefix + key,
                                           std::string("« ") + key + " » doit être un entier.");
                return std::optional<std::int64_t>(line[key].get<std::int64_t>());
            };
            auto cofinancer = number("cofinancer_id", true);
            if (!cofinancer) return cofinancer.error();
            auto y = number("year", false);
            if (!y) return y.error();
            auto amount = number("amount_eur", false);
            if (!amount) return amount.error();
            f.cofinancer_id = *cofinancer;
            if (**y < -100000 || **y > 100000)
                return InvalidArgument(prefix + "year", "« year » doit être une année.");
            f.year = static_cast<int>(**y);
            f.amount_eur = *amount;
            in.financing.push_back(f);
        }
    }
    return Ok{};
}

Result<json> ParseBody(const web::Request& request) {
    auto body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return InvalidArgument("body", "Le corps n’est pas du JSON valide.");
    return body;
}

Result<int> ReadVersion(const json& body, bool required) {
    if (!body.is_object() || !body.contains("version")) {
        if (required)
            return InvalidArgument(
                "version", "Indiquez « version » : la version de la fiche que vous modifiez.");
        return 0;
    }
    if (!body["version"].is_number_integer())
        return InvalidArgument("version", "« version » doit être un entier.");
    return body["version"].get<int>();
}

web::Response SavedJson(Env& env, const web::Request& request, const Actor& actor,
                        const Saved& saved, int status) {
    auto current = env.service.GetForEdit(actor, saved.project_id);
    if (!current) return Fail(env, request, current.error());
    json body{{"id", saved.project_id},
              {"version", current->version},
              {"changed", saved.changed},
              {"updated_at", current->updated_at},
              {"url", "/api/v1/projects/" + std::to_string(saved.project_id)},
              {"html_url", "/atlas/projets/" + std::to_string(saved.project_id)},
              {"fiche", FicheToJson(current->fiche)}};
    auto response = web::Response::Json(body, status);
    if (status == 201)
        response.SetHeader("Location", "/api/v1/projects/" + std::to_string(saved.project_id));
    return response;
}

web::Response ApiCreate(Env& env, const web::Request& request, const Actor& actor) {
    auto body = ParseBody(request);
    if (!body) return Fail(env, request, body.error());
    FicheInput input;
    if (auto s = ReadJsonInput(*body, input); !s) return Fail(env, request, s.error());
    auto saved = env.service.Create(actor, input);
    if (!saved) return Fail(env, request, saved.error());
    return SavedJson(env, request, actor, *saved, 201);
}

web::Response ApiUpdate(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, InvalidArgument("id", std::string(kBadId)));
    auto body = ParseBody(request);
    if (!body) return Fail(env, request, body.error());
    auto current = env.service.GetForEdit(actor, *id);
    if (!current) return Fail(env, request, current.error());
    auto version = ReadVersion(*body, true);
    if (!version) return Fail(env, request, version.error());
    FicheInput input = FicheService::InputOf(current->fiche);
    if (auto s = ReadJsonInput(*body, input); !s) return Fail(env, request, s.error());
    auto saved = env.service.Update(actor, *id, *version, input);
    if (!saved) return Fail(env, request, saved.error());
    return SavedJson(env, request, actor, *saved, 200);
}

web::Response ApiClose(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, InvalidArgument("id", std::string(kBadId)));
    auto body = ParseBody(request);
    if (!body) return Fail(env, request, body.error());
    if (!body->is_object())
        return Fail(env, request, InvalidArgument("body", "Le corps doit être un objet JSON."));
    auto version = ReadVersion(*body, true);
    if (!version) return Fail(env, request, version.error());
    std::optional<int> end_year;
    if (body->contains("end_year") && !(*body)["end_year"].is_null()) {
        const auto& v = (*body)["end_year"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < -100000 ||
            v.get<std::int64_t>() > 100000)
            return Fail(env, request,
                        InvalidArgument("end_year", "« end_year » doit être une année (entier)."));
        end_year = v.get<int>();
    }
    auto saved = env.service.Close(actor, *id, *version, end_year);
    if (!saved) return Fail(env, request, saved.error());
    return SavedJson(env, request, actor, *saved, 200);
}

json VersionJson(const VersionInfo& v) {
    return {{"version", v.version},
            {"action", VersionActionCode(v.action)},
            {"author", v.author_name},
            {"created_at", v.created_at},
            {"summary", v.summary},
            {"reverted_version", v.reverted_version ? json(*v.reverted_version) : json(nullptr)}};
}

web::Response ApiVersions(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, InvalidArgument("id", std::string(kBadId)));
    auto history = env.service.GetHistory(actor, *id);
    if (!history) return Fail(env, request, history.error());
    json versions = json::array();
    for (const auto& v : history->versions) versions.push_back(VersionJson(v));
    return web::Response::Json({{"project_id", *id},
                                {"current_version", history->current.version},
                                {"versions", versions}});
}

web::Response ApiRevert(Env& env, const web::Request& request, const Actor& actor) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(env, request, InvalidArgument("id", std::string(kBadId)));
    const auto version = ParseInt<int>(request.Param("n"));
    if (!version)
        return Fail(env, request,
                    InvalidArgument("version", "Le numéro de version doit être un entier."));
    auto saved = env.service.Revert(actor, *id, *version);
    if (!saved) return Fail(env, request, saved.error());
    return SavedJson(env, request, actor, *saved, 200);
}

web::Response ApiSuggestions(Env& env, const web::Request& request, bool partners) {
    const auto q = request.Query("q").value_or("");
    const auto items =
        partners ? env.service.SuggestPartners(q) : env.service.SuggestAuthorities(q);
    json out = json::array();
    for (const auto& s : items) out.push_back({{"id", s.id}, {"label", s.label}});
    return web::Response::Json({{"items", out}});
}

}  // namespace

void RegisterFicheRoutes(web::Router& router, FicheService& service,
                         const web::Templates& templates, FicheSeam seam) {
    auto env = std::make_shared<Env>(Env{service, templates, std::move(seam)});
    router.Get("/mon-espace/projets", Guarded(env, MyFichesPage));
    router.Get("/mon-espace/projets/nouveau", Guarded(env, NewForm));
    router.Post("/mon-espace/projets/nouveau", Guarded(env, CreateFromForm));
    router.Get("/mon-espace/projets/{id}/modifier", Guarded(env, EditForm));
    router.Post("/mon-espace/projets/{id}/modifier", Guarded(env, UpdateFromForm));
    router.Post("/mon-espace/projets/{id}/cloturer", Guarded(env, CloseFromForm));
    router.Get("/mon-espace/projets/{id}/historique", Guarded(env, HistoryPage));
    router.Get("/mon-espace/projets/{id}/diff", Guarded(env, DiffPage));
    router.Post("/mon-espace/projets/{id}/versions/{n}/annuler", Guarded(env, RevertFromForm));
    router.Get("/administration/modifications", Guarded(env, ChangesPage));
    router.Get("/administration/qualite", Guarded(env, QualityOverviewPage));
    router.Get("/administration/qualite/{id}", Guarded(env, QualityDetailPage));

    router.Post("/api/v1/projects", Guarded(env, ApiCreate));
    router.Put("/api/v1/projects/{id}", Guarded(env, ApiUpdate));
    router.Post("/api/v1/projects/{id}/close", Guarded(env, ApiClose));
    router.Get("/api/v1/projects/{id}/versions", Guarded(env, ApiVersions));
    router.Post("/api/v1/projects/{id}/versions/{n}/revert", Guarded(env, ApiRevert));
    router.Get("/api/v1/partners", Guarded(env, [](Env& e, const web::Request& r, const Actor&) {
                   return ApiSuggestions(e, r, true);
               }));
    router.Get("/api/v1/authorities", Guarded(env, [](Env& e, const web::Request& r, const Actor&) {
                   return ApiSuggestions(e, r, false);
               }));
}

}  // namespace cncd::fiches
