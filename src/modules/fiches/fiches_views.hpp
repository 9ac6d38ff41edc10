#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "modules/fiches/fiches.hpp"
#include "modules/fiches/fiches_service.hpp"

namespace cncd::fiches {

/// Everything the edit form shows: the values (stored or as submitted), the errors at their
/// fields, the choices.
struct FormState {
    bool creating = false;
    std::int64_t id = 0;
    int version = 1;
    std::string title_shown;   ///< the stored title (heading), empty when creating
    std::string status_shown;  ///< the stored status: the close form is offered unless finished
    FicheInput input;
    std::vector<NamedId> partners;    ///< the partners of `input`, named
    std::vector<NamedId> associates;  ///< the associated authorities of `input`, named
    std::string lead_name;            ///< edit: the lead authority
    std::string partner_add;          ///< text of the "add a partner" field
    std::string associate_add;
    std::string lead_text;  ///< ministry creation: the lead authority's text
    bool ask_lead = false;  ///< ministry creation
    std::vector<Error> errors;
    std::string conflict;  ///< the 409 message
    std::string csrf_token;
    std::string saved;  ///< a confirmation message after a save
    FormChoices choices;
};

/// The id of the form control of an error's field ("financing[1].year" → "fiche-financing-1-year").
std::string FieldId(const std::string& field);

nlohmann::json FormView(const FormState& state);
nlohmann::json HistoryView(const History& history, const Actor& actor, const std::string& csrf);
nlohmann::json DiffView(const VersionDiff& diff);
nlohmann::json MyFichesView(const std::vector<MyFiche>& fiches, const QualityReport& quality,
                            const std::string& saved);
nlohmann::json ChangesView(const ChangePage& page, const ChangeFilter& filter,
                           const std::vector<NamedCode>& regions, const Actor& actor,
                           const std::string& csrf, const std::vector<Error>& errors);
nlohmann::json QualityOverviewView(const std::vector<QualityReport>& reports,
                                   const std::vector<NamedCode>& regions, const std::string& region,
                                   int page);
nlohmann::json QualityDetailView(const QualityReport& report);

}  // namespace cncd::fiches
