#include "modules/demo/demo_service.hpp"

#include <string_view>

#include "modules/demo/demo_builder.hpp"
#include "modules/demo/demo_checks.hpp"
#include "modules/demo/demo_writer.hpp"
#include "modules/demo/reference_reader.hpp"

namespace cncd::demo {
namespace {

constexpr std::string_view kCountProjects = "SELECT count(*) FROM projects";
constexpr std::string_view kCountEngagedAuthorities =
    "SELECT count(DISTINCT authority_id) FROM project_authorities";
constexpr std::string_view kCountEngagedPartners =
    "SELECT count(DISTINCT partner_id) FROM project_partners";
constexpr std::string_view kCountCountries =
    "SELECT count(DISTINCT p.country_iso2) FROM partners p"
    " JOIN project_partners pp ON pp.partner_id = p.id";

Error FailedPrecondition(std::string message) {
    return Error{ErrorCode::kFailedPrecondition, std::move(message), {}};
}

}  // namespace

Result<SeedSummary> SeedDemo(db::Database& db) {
    return db.Write([](db::Connection& c) -> Result<SeedSummary> {
        if (!HasReferenceData(c)) {
            return FailedPrecondition(
                "Les données de référence ne sont pas chargées : lancez d'abord « cncd import "
                "reference ».");
        }
        if (HasAtlasRows(c)) {
            return FailedPrecondition(
                "L'Atlas contient déjà des données : la démonstration ne peut être chargée que "
                "dans une base vide.");
        }
        const DemoAtlas atlas = BuildDemoAtlas(ReadReference(c));
        WriteDemoAtlas(c, atlas);
        CheckDemoAtlas(c);  // throws, rolling the transaction back, if a figure is off
        SeedSummary summary;
        summary.projects = static_cast<int>(c.QueryInt(kCountProjects));
        summary.authorities = static_cast<int>(c.QueryInt(kCountEngagedAuthorities));
        summary.partners = static_cast<int>(c.QueryInt(kCountEngagedPartners));
        summary.countries = static_cast<int>(c.QueryInt(kCountCountries));
        return summary;
    });
}

bool HasAtlasData(db::Database& db) {
    return db.Read([](db::Connection& c) { return c.QueryInt(kCountProjects) > 0; });
}

}  // namespace cncd::demo
