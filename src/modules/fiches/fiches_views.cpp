#include "modules/fiches/fiches_views.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_labels.hpp"
#include "web/http.hpp"

namespace cncd::fiches {
namespace {

using nlohmann::json;

constexpr int kOverviewPerPage = 50;
constexpr int kEmptyFinancingRows = 3;

constexpr std::array kKinds{atlas::ProjectKind::kCooperation, atlas::ProjectKind::kTwinning,
                            atlas::ProjectKind::kOneOff, atlas::ProjectKind::kOudinSantini,
                            atlas::ProjectKind::kEmergency};
constexpr std::array kStatuses{atlas::ProjectStatus::kPlanned, atlas::ProjectStatus::kActive,
                               atlas::ProjectStatus::kFinished};

std::string KindLabel(const std::string& code) {
    const auto kind = atlas::ParseProjectKind(code);
    return kind ? std::string(atlas::labels::ProjectKindShortName(*kind)) : code;
}

std::string StatusLabel(const std::string& code) {
    const auto status = atlas::ParseProjectStatus(code);
    return status ? std::string(atlas::labels::StatusName(*status)) : code;
}

std::string Years(const std::optional<int>& start, const std::optional<int>& end) {
    if (start && end) return std::to_string(*start) + "–" + std::to_string(*end);
    if (start) return "depuis " + std::to_string(*start);
    if (end) return "jusqu’en " + std::to_string(*end);
    return "";
}

std::string ActionLabel(VersionAction action) {
    switch (action) {
        case VersionAction::kBaseline:
            return "État initial";
        case VersionAction::kCreate:
            return "Création";
        case VersionAction::kEdit:
            return "Modification";
        case VersionAction::kClose:
            return "Clôture";
        case VersionAction::kRevert:
            return "Annulation";
    }
    return "Modification";
}

std::string EditHref(std::int64_t id) {
    return "/mon-espace/projets/" + std::to_string(id) + "/modifier";
}

std::string DiffHref(std::int64_t id, int from, int to) {
    return "/mon-espace/projets/" + std::to_string(id) + "/diff?de=" + std::to_string(from) +
           "&a=" + std::to_string(to);
}

// The messages of the errors of one field, joined.
class ErrorIndex {
  public:
    explicit ErrorIndex(const std::vector<Error>& errors) {
        for (const auto& e : errors) {
            auto& text = by_field_[e.field];
            if (!text.empty()) text += " ";
            text += e.message;
        }
    }
    std::string Of(const std::string& field) const {
        const auto it = by_field_.find(field);
        return it == by_field_.end() ? std::string() : it->second;
    }

  private:
    std::map<std::string, std::string> by_field_;
};

json Field(const ErrorIndex& errors, const std::string& name, const std::string& value) {
    const auto error = errors.Of(name);
    return {{"id", FieldId(name)},
            {"name", name},
            {"value", value},
            {"error", error},
            {"has_error", !error.empty()}};
}

json Labelled(json field, std::string_view label) {
    field["label"] = label;
    return field;
}

std::string YearValue(const std::optional<int>& year) {
    return year ? std::to_string(*year) : std::string();
}

json IssuesByFiche(const QualityReport& report) {
    json authority = json::array();
    json fiches = json::array();
    std::map<std::int64_t, std::size_t> index;
    for (const auto& issue : report.issues) {
        if (!issue.project_id) {
            authority.push_back(issue.message);
            continue;
        }
        auto [it, inserted] = index.emplace(*issue.project_id, fiches.size());
        if (inserted) {
            fiches.push_back({{"title", issue.project_title},
                              {"href", EditHref(*issue.project_id)},
                              {"items", json::array()}});
        }
        const std::string anchor = issue.check == "stale" ? "" : "#" + FieldId(issue.check);
        fiches[it->second]["items"].push_back(
            {{"message", issue.message}, {"href", EditHref(*issue.project_id) + anchor}});
    }
    return {{"authority_issues", authority},
            {"has_authority_issues", !authority.empty()},
            {"fiches", fiches},
            {"has_fiches", !fiches.empty()},
            {"fiche_count", fiches.size()}};
}

std::string ScoreClass(int score) {
    constexpr int kGood = 80;
    constexpr int kFair = 60;
    if (score >= kGood) return "fr-badge--success";
    if (score >= kFair) return "fr-badge--warning";
    return "fr-badge--error";
}

json QualitySummary(const QualityReport& r) {
    return {{"authority_id", r.authority_id},
            {"authority_name", r.authority_name},
            {"region_name", r.region_name},
            {"fiches", r.fiches},
            {"score", r.score},
            {"score_class", ScoreClass(r.score)},
            {"checks", r.checks},
            {"passed", r.passed},
            {"stale", r.stale},
            {"issue_count", r.issues.size()},
            {"href", "/administration/qualite/" + std::to_string(r.authority_id)}};
}

json RegionOptions(const std::vector<NamedCode>& regions, const std::string& selected) {
    json out = json::array();
    for (const auto& r : regions)
        out.push_back({{"value", r.code}, {"label", r.name}, {"selected", r.code == selected}});
    return out;
}

}  // namespace

std::string FieldId(const std::string& field) {
    std::string out = "fiche-";
    for (const char c : field) {
        if (c == '[' || c == '.' || c == '_') {
            if (out.back() != '-') out.push_back('-');
        } else if (c != ']') {
            out.push_back(c);
        }
    }
    while (out.back() == '-') out.pop_back();
    return out;
}

json FormView(const FormState& s) {
    const ErrorIndex errors(s.errors);
    const FicheInput& in = s.input;
    json kinds = json::array();
    for (const auto kind : kKinds) {
        const auto code = std::string(atlas::ProjectKindCode(kind));
        kinds.push_back({{"value", code},
                         {"label", atlas::labels::ProjectKindName(kind)},
                         {"selected", code == in.kind}});
    }
    json statuses = json::array();
    for (const auto status : kStatuses) {
        const auto code = std::string(atlas::ProjectStatusCode(status));
        statuses.push_back({{"value", code},
                            {"label", atlas::labels::StatusName(status)},
                            {"id", "fiche-status-" + code},
                            {"checked", code == in.status}});
    }
    const std::set<std::int64_t> chosen_themes(in.themes.begin(), in.themes.end());
    json themes = json::array();
    for (const auto& group : s.choices.themes) {
        json children = json::array();
        for (const auto& child : group.children) {
            children.push_back({{"id", child.id},
                                {"label", child.name},
                                {"checked", chosen_themes.count(child.id) > 0}});
        }
        themes.push_back({{"id", group.id},
                          {"label", group.name},
                          {"checked", chosen_themes.count(group.id) > 0},
                          {"children", children},
                          {"has_children", !children.empty()}});
    }
    const auto named = [](const std::vector<NamedId>& items) {
        json out = json::array();
        for (const auto& item : items) out.push_back({{"id", item.id}, {"label", item.name}});
        return out;
    };
    json financing = json::array();
    const auto financing_row = [&](std::size_t i, const FinancingInput& line) {
        const std::string prefix = "financing[" + std::to_string(i) + "].";
        json cofinancers = json::array();
        cofinancers.push_back({{"value", "propres"},
                               {"label", "Fonds propres des collectivités françaises"},
                               {"selected", !line.cofinancer_id}});
        for (const auto& cf : s.choices.cofinancers) {
            cofinancers.push_back({{"value", std::to_string(cf.id)},
                                   {"label", cf.name},
                                   {"selected", line.cofinancer_id == cf.id}});
        }
        financing.push_back(
            {{"number", i + 1},
             {"cofinancer", Field(errors, prefix + "cofinancer_id", "")},
             {"cofinancers", cofinancers},
             {"year", Field(errors, prefix + "year", YearValue(line.year))},
             {"amount", Field(errors, prefix + "amount_eur",
                              line.amount_eur ? std::to_string(*line.amount_eur) : "")}});
    };
    for (std::size_t i = 0; i < in.financing.size(); ++i) financing_row(i, in.financing[i]);
    for (int extra = 0; extra < kEmptyFinancingRows; ++extra)
        financing_row(in.financing.size(), FinancingInput{});

    json summary = json::array();
    for (const auto& e : s.errors) {
        summary.push_back(
            {{"href", "#" + FieldId(e.field.empty() ? "title" : e.field)}, {"message", e.message}});
    }
    const std::string action = s.creating ? "/mon-espace/projets/nouveau" : EditHref(s.id);
    return {
        {"action", action},
        {"creating", s.creating},
        {"id", s.id},
        {"version", s.version},
        {"csrf_token", s.csrf_token},
        {"saved", s.saved},
        {"has_saved", !s.saved.empty()},
        {"conflict", s.conflict},
        {"has_conflict", !s.conflict.empty()},
        {"history_href", "/mon-espace/projets/" + std::to_string(s.id) + "/historique"},
        {"atlas_href", "/atlas/projets/" + std::to_string(s.id)},
        {"close_action", "/mon-espace/projets/" + std::to_string(s.id) + "/cloturer"},
        {"can_close", !s.creating && s.status_shown != "finished"},
        {"errors", summary},
        {"has_errors", !s.errors.empty()},
        {"title", Field(errors, "title", in.title)},
        {"kinds", kinds},
        {"kind", Field(errors, "kind", in.kind)},
        {"statuses", statuses},
        {"status", Field(errors, "status", in.status)},
        {"objectives", Labelled(Field(errors, "objectives", in.objectives), "Objectifs")},
        {"description", Labelled(Field(errors, "description", in.description), "Description")},
        {"history", Labelled(Field(errors, "history", in.history), "Historique du partenariat")},
        {"context", Labelled(Field(errors, "context", in.context), "Contexte")},
        {"start_year", Field(errors, "start_year", YearValue(in.start_year))},
        {"end_year", Field(errors, "end_year", YearValue(in.end_year))},
        {"convention_date", Field(errors, "convention_date", in.convention_date)},
        {"theme_groups", themes},
        {"themes", Field(errors, "themes", "")},
        {"partner_items", named(s.partners)},
        {"has_partner_items", !s.partners.empty()},
        {"partners", Field(errors, "partners", "")},
        {"partner_add", Field(errors, "partner_add", s.partner_add)},
        {"associate_items", named(s.associates)},
        {"has_associate_items", !s.associates.empty()},
        {"associates", Field(errors, "associates", "")},
        {"associate_add", Field(errors, "associate_add", s.associate_add)},
        {"lead_name", s.lead_name},
        {"ask_lead", s.ask_lead},
        {"lead", Field(errors, "lead_authority_id", s.lead_text)},
        {"financing_rows", financing},
        {"financing", Field(errors, "financing", "")}};
}

json HistoryView(const History& h, const Actor& actor, const std::string& csrf) {
    const auto id = h.current.fiche.id;
    json versions = json::array();
    const ProjectOwners any;  // revert is a ministry matter, whoever owns the fiche
    const bool can_revert = Allowed(actor, FicheAction::kRevert, &any);
    for (const auto& v : h.versions) {
        const bool has_previous = v.version > 1;
        versions.push_back(
            {{"version", v.version},
             {"date", atlas::labels::FrenchDate(v.created_at)},
             {"datetime", v.created_at},
             {"time", v.created_at.size() >= 16 ? v.created_at.substr(11, 5) : ""},
             {"author", v.author_name},
             {"action", ActionLabel(v.action)},
             {"summary", v.summary},
             {"current", v.version == h.current.version},
             {"has_previous", has_previous},
             {"diff_href", has_previous ? DiffHref(id, v.version - 1, v.version) : ""},
             {"can_revert", can_revert && has_previous},
             {"revert_action", "/mon-espace/projets/" + std::to_string(id) + "/versions/" +
                                   std::to_string(v.version) + "/annuler"}});
    }
    return {{"id", id},
            {"fiche_title", h.current.fiche.title},
            {"edit_href", EditHref(id)},
            {"atlas_href", "/atlas/projets/" + std::to_string(id)},
            {"versions", versions},
            {"has_versions", !versions.empty()},
            {"updated_at", atlas::labels::FrenchDate(h.current.updated_at)},
            {"csrf_token", csrf}};
}

json DiffView(const VersionDiff& d) {
    json fields = json::array();
    json unchanged = json::array();
    for (const auto& f : d.fields) {
        if (!f.changed) {
            unchanged.push_back(f.label);
            continue;
        }
        json segments = json::array();
        for (const auto& s : f.segments) {
            segments.push_back({{"text", s.text},
                                {"equal", s.op == DiffSegment::Op::kEqual},
                                {"inserted", s.op == DiffSegment::Op::kInsert},
                                {"deleted", s.op == DiffSegment::Op::kDelete}});
        }
        const bool list = !f.text && (!f.removed.empty() || !f.added.empty() || !f.kept.empty());
        fields.push_back({{"key", f.key},
                          {"label", f.label},
                          {"text", f.text},
                          {"segments", segments},
                          {"list", list},
                          {"value", !f.text && !list},
                          {"before", f.before},
                          {"after", f.after},
                          {"has_before", !f.before.empty()},
                          {"has_after", !f.after.empty()},
                          {"removed", f.removed},
                          {"added", f.added},
                          {"kept", f.kept},
                          {"has_removed", !f.removed.empty()},
                          {"has_added", !f.added.empty()},
                          {"has_kept", !f.kept.empty()}});
    }
    const auto version = [](const VersionInfo& v) {
        return json{{"version", v.version},
                    {"date", atlas::labels::FrenchDate(v.created_at)},
                    {"author", v.author_name},
                    {"summary", v.summary}};
    };
    return {{"id", d.project_id},
            {"fiche_title", d.project_title},
            {"from", version(d.from)},
            {"to", version(d.to)},
            {"fields", fields},
            {"has_fields", !fields.empty()},
            {"unchanged", unchanged},
            {"has_unchanged", !unchanged.empty()},
            {"history_href", "/mon-espace/projets/" + std::to_string(d.project_id) + "/historique"},
            {"edit_href", EditHref(d.project_id)}};
}

json MyFichesView(const std::vector<MyFiche>& fiches, const QualityReport& quality,
                  const std::string& saved) {
    json lead = json::array();
    json associated = json::array();
    for (const auto& f : fiches) {
        json item{{"id", f.id},
                  {"title", f.title},
                  {"kind", KindLabel(f.kind)},
                  {"status", StatusLabel(f.status)},
                  {"years", Years(f.start_year, f.end_year)},
                  {"updated_at", atlas::labels::FrenchDate(f.updated_at)},
                  {"edit_href", EditHref(f.id)},
                  {"history_href", "/mon-espace/projets/" + std::to_string(f.id) + "/historique"},
                  {"atlas_href", "/atlas/projets/" + std::to_string(f.id)}};
        (f.lead ? lead : associated).push_back(std::move(item));
    }
    json view = QualitySummary(quality);
    view.update(IssuesByFiche(quality));
    return {{"lead_fiches", lead},
            {"has_lead_fiches", !lead.empty()},
            {"lead_count", lead.size()},
            {"associated_fiches", associated},
            {"has_associated_fiches", !associated.empty()},
            {"quality", view},
            {"saved", saved},
            {"has_saved", !saved.empty()}};
}

json ChangesView(const ChangePage& page, const ChangeFilter& filter,
                 const std::vector<NamedCode>& regions, const Actor& actor, const std::string& csrf,
                 const std::vector<Error>& errors) {
    json items = json::array();
    const ProjectOwners any;  // revert is a ministry matter, whoever owns the fiche
    const bool can_revert = Allowed(actor, FicheAction::kRevert, &any);
    for (const auto& c : page.items) {
        const auto& v = c.info;
        std::string place = c.department_name.empty() ? c.region_name : c.department_name;
        items.push_back(
            {{"date", atlas::labels::FrenchDate(v.created_at)},
             {"datetime", v.created_at},
             {"time", v.created_at.size() >= 16 ? v.created_at.substr(11, 5) : ""},
             {"title", c.project_title},
             {"edit_href", EditHref(v.project_id)},
             {"authority", c.authority_name},
             {"authority_href", c.authority_id ? "/administration/modifications?collectivite=" +
                                                     std::to_string(*c.authority_id)
                                               : ""},
             {"place", place},
             {"author", v.author_name},
             {"summary", v.summary},
             {"version", v.version},
             {"diff_href", v.version > 1 ? DiffHref(v.project_id, v.version - 1, v.version) : ""},
             {"has_diff", v.version > 1},
             {"can_revert", can_revert && v.version > 1},
             {"revert_action", "/mon-espace/projets/" + std::to_string(v.project_id) +
                                   "/versions/" + std::to_string(v.version) + "/annuler"}});
    }
    const ErrorIndex index(errors);
    // Links to the other pages keep the filters.
    std::string base = "/administration/modifications?";
    const auto add = [&base](std::string_view name, const std::string& value) {
        if (value.empty()) return;
        base += std::string(name) + "=" + web::PercentEncode(value) + "&";
    };
    add("region", filter.region_code);
    add("departement", filter.department_code);
    add("collectivite", filter.authority_id ? std::to_string(*filter.authority_id) : "");
    add("de", filter.from);
    add("a", filter.to);
    return {{"items", items},
            {"has_items", !items.empty()},
            {"total", page.total},
            {"total_text", text::FormatThousands(page.total) + " " +
                               atlas::labels::Plural(page.total, "modification", "modifications")},
            {"page", page.page},
            {"pages", page.pages},
            {"has_previous", page.page > 1},
            {"has_next", page.page < page.pages},
            {"previous_href", base + "page=" + std::to_string(page.page - 1)},
            {"next_href", base + "page=" + std::to_string(page.page + 1)},
            {"regions", RegionOptions(regions, filter.region_code)},
            {"region", Field(index, "region", filter.region_code)},
            {"department", Field(index, "departement", filter.department_code)},
            {"authority", Field(index, "collectivite",
                                filter.authority_id ? std::to_string(*filter.authority_id) : "")},
            {"from", Field(index, "de", filter.from)},
            {"to", Field(index, "a", filter.to)},
            {"has_errors", !errors.empty()},
            {"csrf_token", csrf}};
}

json QualityOverviewView(const std::vector<QualityReport>& reports,
                         const std::vector<NamedCode>& regions, const std::string& region,
                         int page) {
    const int total = static_cast<int>(reports.size());
    const int pages = std::max(1, (total + kOverviewPerPage - 1) / kOverviewPerPage);
    page = std::clamp(page, 1, pages);
    json items = json::array();
    for (int i = (page - 1) * kOverviewPerPage; i < std::min(total, page * kOverviewPerPage); ++i)
        items.push_back(QualitySummary(reports[static_cast<std::size_t>(i)]));
    // The distribution: how many authorities in each band of ten points.
    std::array<int, 10> bands{};
    for (const auto& r : reports) ++bands[static_cast<std::size_t>(std::min(r.score, 99) / 10)];
    json distribution = json::array();
    for (std::size_t b = 0; b < bands.size(); ++b) {
        const int low = static_cast<int>(b) * 10;
        distribution.push_back(
            {{"label",
              std::to_string(low) + "–" + std::to_string(b + 1 == bands.size() ? 100 : low + 9)},
             {"count", bands[b]}});
    }
    std::string base = "/administration/qualite?";
    if (!region.empty()) base += "region=" + web::PercentEncode(region) + "&";
    return {{"items", items},
            {"has_items", !items.empty()},
            {"total", total},
            {"page", page},
            {"pages", pages},
            {"has_previous", page > 1},
            {"has_next", page < pages},
            {"previous_href", base + "page=" + std::to_string(page - 1)},
            {"next_href", base + "page=" + std::to_string(page + 1)},
            {"regions", RegionOptions(regions, region)},
            {"distribution", distribution}};
}

json QualityDetailView(const QualityReport& report) {
    json view = QualitySummary(report);
    view.update(IssuesByFiche(report));
    return view;
}

}  // namespace cncd::fiches
