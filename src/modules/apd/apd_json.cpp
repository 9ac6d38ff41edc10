#include "modules/apd/apd_json.hpp"

#include <string>

namespace cncd::apd {
namespace {

using nlohmann::json;

std::string At(std::size_t i, std::string_view field) {
    return "lines[" + std::to_string(i) + "]." + std::string(field);
}

json VersionJson(const Version& v) {
    return {{"number", v.number},
            {"state", StateCode(v.state)},
            {"state_label", StateLabel(v.state)},
            {"nothing_to_declare", v.nothing_to_declare},
            {"created_at", v.created_at},
            {"submitted_at", v.submitted_at.empty() ? json(nullptr) : json(v.submitted_at)},
            {"submitted_by", v.submitted_by.empty() ? json(nullptr) : json(v.submitted_by)},
            {"reviewed_at", v.reviewed_at.empty() ? json(nullptr) : json(v.reviewed_at)},
            {"reviewed_by", v.reviewed_by.empty() ? json(nullptr) : json(v.reviewed_by)},
            {"total_eur", v.total_eur}};
}

// A text field of at most `max` bytes, or empty when absent/null.
Result<std::string> Text(const json& line, std::size_t i, const char* key, std::size_t max) {
    const auto it = line.find(key);
    if (it == line.end() || it->is_null()) return std::string();
    if (!it->is_string()) return InvalidArgument(At(i, key), "Ce champ doit être un texte.");
    auto s = it->get<std::string>();
    if (s.size() > max) return InvalidArgument(At(i, key), "Ce champ est trop long.");
    return s;
}

}  // namespace

json LineJson(const Line& l) {
    json markers = json::object();
    for (std::size_t m = 0; m < kMarkers.size(); ++m)
        markers[std::string(kMarkers[m].key)] = l.markers[m];
    return {
        {"country_iso2", l.country_iso2.empty() ? json(nullptr) : json(l.country_iso2)},
        {"recipient_region", l.recipient_region.empty() ? json(nullptr) : json(l.recipient_region)},
        {"channel_code", l.channel_code},
        {"purpose_code", l.purpose_code},
        {"expenditure_type", l.expenditure_type},
        {"aid_type", l.aid_type},
        {"amount_eur", l.amount_eur},
        {"markers", markers},
        {"project_id", l.project_id ? json(*l.project_id) : json(nullptr)},
        {"comment", l.comment}};
}

json DeclarationJson(const Declaration& d) {
    json lines = json::array();
    for (const auto& l : d.lines) lines.push_back(LineJson(l));
    json versions = json::array();
    for (const auto& v : d.versions) versions.push_back(VersionJson(v));
    json comments = json::array();
    for (const auto& c : d.comments) {
        comments.push_back({{"version", c.version_number},
                            {"kind", c.kind},
                            {"author", c.author},
                            {"body", c.body},
                            {"created_at", c.created_at}});
    }
    return {{"id", d.id},
            {"authority", {{"id", d.authority_id}, {"name", d.authority_name}}},
            {"year", d.year},
            {"state", StateCode(d.current.state)},
            {"state_label", StateLabel(d.current.state)},
            {"version", d.current.number},
            {"nothing_to_declare", d.current.nothing_to_declare},
            {"validated_version", d.validated_number ? json(*d.validated_number) : json(nullptr)},
            {"total_eur", d.current.total_eur},
            {"lines", std::move(lines)},
            {"versions", std::move(versions)},
            {"comments", std::move(comments)}};
}

json SnapshotJson(const Declaration& d) {
    json lines = json::array();
    for (const auto& l : d.lines) lines.push_back(LineJson(l));
    return {{"id", d.id},
            {"authority_id", d.authority_id},
            {"year", d.year},
            {"state", StateCode(d.current.state)},
            {"version", d.current.number},
            {"nothing_to_declare", d.current.nothing_to_declare},
            {"total_eur", d.current.total_eur},
            {"lines", std::move(lines)}};
}

json IssuesJson(const std::vector<Issue>& issues) {
    json out = json::array();
    for (const auto& i : issues) {
        out.push_back({{"field", i.field},
                       {"message", i.message},
                       {"severity", i.warning ? "warning" : "error"}});
    }
    return out;
}

json SummariesJson(const std::vector<repo::Summary>& list) {
    json out = json::array();
    for (const auto& s : list) {
        out.push_back({{"id", s.id},
                       {"authority", {{"id", s.authority_id}, {"name", s.authority_name}}},
                       {"state", StateCode(s.state)},
                       {"state_label", StateLabel(s.state)},
                       {"version", s.version},
                       {"year", s.year},
                       {"total_eur", s.total_eur}});
    }
    return out;
}

Result<Draft> ParseDraftJson(const json& body) {
    if (!body.is_object())
        return InvalidArgument("body", "Le corps de la requête doit être un objet JSON.");
    Draft draft;
    if (const auto it = body.find("nothing_to_declare"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean())
            return InvalidArgument("nothing_to_declare", "Indiquez true ou false.");
        draft.nothing_to_declare = it->get<bool>();
    }
    const auto lines = body.find("lines");
    if (lines == body.end() || lines->is_null()) return draft;
    if (!lines->is_array()) return InvalidArgument("lines", "« lines » doit être une liste.");
    if (lines->size() > kMaxLines)
        return InvalidArgument("lines", "Une déclaration compte au plus 500 lignes.");
    for (std::size_t i = 0; i < lines->size(); ++i) {
        const json& j = (*lines)[i];
        if (!j.is_object())
            return InvalidArgument("lines[" + std::to_string(i) + "]", "Ligne invalide.");
        Line l;
        for (const auto& [key, target, max] :
             {std::tuple{"country_iso2", &l.country_iso2, std::size_t{2}},
              std::tuple{"recipient_region", &l.recipient_region, std::size_t{10}},
              std::tuple{"channel_code", &l.channel_code, std::size_t{10}},
              std::tuple{"purpose_code", &l.purpose_code, std::size_t{10}},
              std::tuple{"expenditure_type", &l.expenditure_type, std::size_t{30}},
              std::tuple{"aid_type", &l.aid_type, std::size_t{10}},
              std::tuple{"comment", &l.comment, kMaxComment}}) {
            auto value = Text(j, i, key, max);
            if (!value) return value.error();
            *target = std::move(value).value();
        }
        const auto amount = j.find("amount_eur");
        if (amount == j.end() || !amount->is_number_integer()) {
            return InvalidArgument(
                At(i, "amount_eur"),
                "Le montant doit être un nombre entier d'euros supérieur à zéro.");
        }
        l.amount_eur = amount->get<std::int64_t>();
        if (const auto markers = j.find("markers"); markers != j.end() && !markers->is_null()) {
            if (!markers->is_object())
                return InvalidArgument(At(i, "markers"), "Les marqueurs forment un objet.");
            for (std::size_t m = 0; m < kMarkers.size(); ++m) {
                const auto v = markers->find(std::string(kMarkers[m].key));
                if (v == markers->end() || v->is_null()) continue;
                if (!v->is_number_integer() || v->get<std::int64_t>() < 0 ||
                    v->get<std::int64_t>() > 2) {
                    return InvalidArgument(
                        At(i, "markers." + std::string(kMarkers[m].key)),
                        "Le marqueur « " + std::string(kMarkers[m].label) + " » vaut 0, 1 ou 2.");
                }
                l.markers[m] = static_cast<int>(v->get<std::int64_t>());
            }
        }
        if (const auto p = j.find("project_id"); p != j.end() && !p->is_null()) {
            if (!p->is_number_integer())
                return InvalidArgument(At(i, "project_id"), "Identifiant de projet invalide.");
            l.project_id = p->get<std::int64_t>();
        }
        draft.lines.push_back(std::move(l));
    }
    return draft;
}

}  // namespace cncd::apd
