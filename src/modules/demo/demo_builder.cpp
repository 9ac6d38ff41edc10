#include "modules/demo/demo_builder.hpp"

#include <map>
#include <string>

#include "modules/demo/allocation.hpp"
#include "modules/demo/apd.hpp"
#include "modules/demo/authorities.hpp"
#include "modules/demo/catalog.hpp"
#include "modules/demo/demo_targets.hpp"
#include "modules/demo/prng.hpp"
#include "modules/demo/project_details.hpp"

namespace cncd::demo {
namespace {

// Each phase draws from its own stream, so changing one phase leaves the others as they were.
enum class Phase : std::uint64_t {
    kAuthorities = 1,
    kAssignment,
    kProjects,
    kMinistry,
    kApd,
    kContacts,
};

Prng StreamFor(Phase phase) { return Prng(kSeed ^ (static_cast<std::uint64_t>(phase) << 56)); }

std::vector<Theme> MakeThemes() {
    std::vector<Theme> out;
    std::map<std::string, int> ids;
    int sort_order = 0;
    for (const auto& def : Themes()) {
        Theme t;
        t.id = static_cast<int>(out.size()) + 1;
        t.slug = std::string(def.slug);
        t.name = std::string(def.name);
        t.dac_code = std::string(def.dac_code);
        if (!def.parent.empty()) t.parent_id = ids.at(std::string(def.parent));
        t.sort_order = ++sort_order;
        ids[t.slug] = t.id;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<Cofinancer> MakeCofinancers() {
    std::vector<Cofinancer> out;
    for (const auto& def : Cofinancers()) {
        out.push_back({static_cast<int>(out.size()) + 1, std::string(def.slug),
                       std::string(def.name), std::string(def.kind)});
    }
    return out;
}

}  // namespace

DemoAtlas BuildDemoAtlas(const Reference& ref) {
    DemoAtlas atlas;
    atlas.themes = MakeThemes();
    atlas.cofinancers = MakeCofinancers();

    Prng authority_rng = StreamFor(Phase::kAuthorities);
    atlas.authorities = SelectAuthorities(ref, authority_rng);

    const auto countries = PlanCountries(ref);
    Prng assignment_rng = StreamFor(Phase::kAssignment);
    Assignment assignment = AssignProjects(ref, countries, atlas.authorities, assignment_rng);

    const DetailInputs inputs{ref,          countries,        assignment, atlas.authorities,
                              atlas.themes, atlas.cofinancers};
    Prng project_rng = StreamFor(Phase::kProjects);
    atlas.projects = DescribeProjects(inputs, project_rng);
    Prng ministry_rng = StreamFor(Phase::kMinistry);
    AddMinistryCofinancing2011(inputs, atlas.projects, ministry_rng);

    Prng apd_rng = StreamFor(Phase::kApd);
    atlas.apd = AllocateApd(atlas.projects, atlas.authorities, countries, apd_rng);

    Prng contact_rng = StreamFor(Phase::kContacts);
    atlas.authority_contacts = MakeAuthorityContacts(atlas.authorities, contact_rng);

    atlas.partners = std::move(assignment.partners);
    for (std::size_t i = 0; i < atlas.partners.size(); ++i) {
        atlas.partners[i].id = static_cast<int>(i) + 1;
    }
    return atlas;
}

}  // namespace cncd::demo
