#include "modules/fiches/fiches_json.hpp"

#include <string>
#include <utility>

namespace cncd::fiches {
namespace {

using nlohmann::json;

json Named(const std::vector<NamedId>& items) {
    json out = json::array();
    for (const auto& item : items) out.push_back({{"id", item.id}, {"name", item.name}});
    return out;
}

std::vector<NamedId> ReadNamed(const json& items) {
    std::vector<NamedId> out;
    for (const auto& item : items)
        out.push_back({item.at("id").get<std::int64_t>(), item.at("name").get<std::string>()});
    return out;
}

json OptionalInt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

std::optional<int> ReadOptionalInt(const json& v) {
    if (v.is_null()) return std::nullopt;
    return v.get<int>();
}

}  // namespace

json FicheToJson(const Fiche& f) {
    json financing = json::array();
    for (const auto& line : f.financing) {
        financing.push_back(
            {{"cofinancer_id", line.cofinancer_id ? json(*line.cofinancer_id) : json(nullptr)},
             {"cofinancer_name", line.cofinancer_name},
             {"year", line.year},
             {"amount_eur", line.amount_eur}});
    }
    return {
        {"id", f.id},
        {"title", f.title},
        {"kind", f.kind},
        {"status", f.status},
        {"objectives", f.objectives},
        {"description", f.description},
        {"history", f.history},
        {"context", f.context},
        {"start_year", OptionalInt(f.start_year)},
        {"end_year", OptionalInt(f.end_year)},
        {"convention_date", f.convention_date.empty() ? json(nullptr) : json(f.convention_date)},
        {"lead", f.lead ? json{{"id", f.lead->id}, {"name", f.lead->name}} : json(nullptr)},
        {"associates", Named(f.associates)},
        {"themes", Named(f.themes)},
        {"partners", Named(f.partners)},
        {"financing", std::move(financing)}};
}

Fiche FicheFromJson(const json& j) {
    Fiche f;
    f.id = j.at("id").get<std::int64_t>();
    f.title = j.at("title").get<std::string>();
    f.kind = j.at("kind").get<std::string>();
    f.status = j.at("status").get<std::string>();
    f.objectives = j.at("objectives").get<std::string>();
    f.description = j.at("description").get<std::string>();
    f.history = j.at("history").get<std::string>();
    f.context = j.at("context").get<std::string>();
    f.start_year = ReadOptionalInt(j.at("start_year"));
    f.end_year = ReadOptionalInt(j.at("end_year"));
    if (!j.at("convention_date").is_null())
        f.convention_date = j.at("convention_date").get<std::string>();
    if (const auto& lead = j.at("lead"); !lead.is_null())
        f.lead = NamedId{lead.at("id").get<std::int64_t>(), lead.at("name").get<std::string>()};
    f.associates = ReadNamed(j.at("associates"));
    f.themes = ReadNamed(j.at("themes"));
    f.partners = ReadNamed(j.at("partners"));
    for (const auto& line : j.at("financing")) {
        FinancingLine l;
        if (!line.at("cofinancer_id").is_null())
            l.cofinancer_id = line.at("cofinancer_id").get<std::int64_t>();
        l.cofinancer_name = line.at("cofinancer_name").get<std::string>();
        l.year = line.at("year").get<int>();
        l.amount_eur = line.at("amount_eur").get<std::int64_t>();
        f.financing.push_back(std::move(l));
    }
    return f;
}

std::string_view VersionActionCode(VersionAction action) {
    switch (action) {
        case VersionAction::kBaseline:
            return "baseline";
        case VersionAction::kCreate:
            return "create";
        case VersionAction::kEdit:
            return "edit";
        case VersionAction::kClose:
            return "close";
        case VersionAction::kRevert:
            return "revert";
    }
    return "edit";
}

std::optional<VersionAction> ParseVersionAction(std::string_view code) {
    for (const auto action :
         {VersionAction::kBaseline, VersionAction::kCreate, VersionAction::kEdit,
          VersionAction::kClose, VersionAction::kRevert}) {
        if (VersionActionCode(action) == code) return action;
    }
    return std::nullopt;
}

}  // namespace cncd::fiches
