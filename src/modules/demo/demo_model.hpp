#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cncd::demo {

// Reference data read from the database ---------------------------------------------------

struct RefCountry {
    std::string iso2;
    std::string name;
    std::string continent;
    bool apd_eligible = false;
    std::optional<double> lat;
    std::optional<double> lon;
};

/// A GeoNames place (table `cities`).
struct RefPlace {
    std::int64_t geonames_id = 0;
    std::string name;
    std::string country_iso2;
    std::string feature_code;
    std::int64_t population = 0;
    double lat = 0;
    double lon = 0;
};

struct RefRegion {
    std::string code;
    std::string name;
    std::string chef_lieu;
    std::string zone;
};

struct RefDepartment {
    std::string code;
    std::string name;
    std::string region_code;
    std::string chef_lieu;
};

struct RefCommune {
    std::string insee;
    std::string name;
    std::optional<std::string> siren;
    std::string department_code;
    std::string region_code;
    std::int64_t population = 0;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string precision;  ///< city or department
};

struct RefEpci {
    std::string siren;
    std::string name;
    std::string kind;  ///< CC, CA, CU, METRO, MET69
    std::int64_t population = 0;
    std::string seat_insee;
};

/// Everything the demo reads from the reference tables.
struct Reference {
    std::vector<RefCountry> countries;
    std::vector<RefRegion> regions;
    std::vector<RefDepartment> departments;
    std::vector<RefCommune> communes;
    std::vector<RefEpci> epcis;
    /// GeoNames places per country, most populous first.
    std::map<std::string, std::vector<RefPlace>> places;

    const RefCountry* FindCountry(const std::string& iso2) const;
    const RefCommune* FindCommune(const std::string& insee) const;
    const RefPlace* FindPlace(std::int64_t geonames_id) const;
};

// The demo Atlas ------------------------------------------------------------------------

enum class AuthorityKind { kRegion, kDepartement, kEpci, kCommune };

/// A French local authority of the demo.
struct Authority {
    int id = 0;
    AuthorityKind kind = AuthorityKind::kCommune;
    std::string name;     ///< "Bayonne", "Conseil départemental de l'Allier", "Région Occitanie"
    std::string nominal;  ///< the name in a sentence: "la ville de Bayonne"
    std::string place;    ///< the commune it sits in: "Bayonne", "Moulins", "Toulouse"
    std::string slug;
    std::optional<std::string> siren;
    std::optional<std::string> insee;
    std::string region_code;
    std::optional<std::string> department_code;
    std::int64_t population = 0;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string precision = "city";
    std::optional<std::string> website;
    double activity = 1;  ///< relative number of projects it leads
};

struct AuthorityContact {
    int authority_id = 0;
    std::string role;  ///< elected or manager
    std::string first_name;
    std::string last_name;
    std::string title;
    std::string email;
};

/// A foreign partner authority.
struct Partner {
    int id = 0;
    std::string name;
    std::string slug;
    std::string country_iso2;
    std::string level;  ///< municipality, intermunicipal, province, region, state, other
    std::optional<std::int64_t> geonames_id;
    std::optional<std::int64_t> population;
    std::optional<double> lat;
    std::optional<double> lon;
    std::string precision;  ///< city, region, country
    std::string in;         ///< "à Kayes", "dans le cercle de Kayes"
    std::string nominal;    ///< "la commune de Kayes", "le cercle de Kayes"
    double popularity = 1;  ///< relative number of projects it takes part in
};

enum class ProjectKind { kCooperation, kTwinning, kOneOff, kOudinSantini, kEmergency };

struct Financing {
    std::optional<int> cofinancer_id;  ///< empty: the French authorities' own funds
    int year = 0;
    std::int64_t amount = 0;
};

struct OtherPartner {
    std::string kind;  ///< association, university, hospital, ngo, company, public_body, other
    std::string name;
    std::string side;  ///< france or partner
};

struct ProjectContact {
    std::string name;
    std::string title;
    std::string email;
};

struct Volunteers {
    std::string programme;
    int count = 0;
    int year = 0;
};

struct Project {
    int id = 0;
    std::string country_iso2;
    std::vector<int> authority_ids;  ///< lead first
    std::vector<int> partner_ids;
    std::vector<int> theme_ids;
    ProjectKind kind = ProjectKind::kCooperation;
    std::string slug;
    std::string title;
    std::string status;  ///< planned, active, finished
    std::string objectives;
    std::string description;
    std::string history;
    std::string context;
    int start_year = 0;
    std::optional<int> end_year;
    std::optional<std::string> convention_date;
    std::string created_at;  ///< when the fiche entered the Atlas
    std::string updated_at;  ///< its last update
    std::vector<Financing> financing;
    std::vector<OtherPartner> other_partners;
    std::vector<ProjectContact> contacts;
    std::vector<Volunteers> volunteers;
    bool hand_written = false;
};

struct ApdAmount {
    int authority_id = 0;
    std::string country_iso2;
    int year = 0;
    std::int64_t amount = 0;
};

struct Theme {
    int id = 0;
    std::optional<int> parent_id;
    std::string slug;
    std::string name;
    std::string dac_code;
    int sort_order = 0;
};

struct Cofinancer {
    int id = 0;
    std::string slug;
    std::string name;
    std::string kind;
};

/// The whole demo, ready to write.
struct DemoAtlas {
    std::vector<Theme> themes;
    std::vector<Cofinancer> cofinancers;
    std::vector<Authority> authorities;
    std::vector<AuthorityContact> authority_contacts;
    std::vector<Partner> partners;
    std::vector<Project> projects;
    std::vector<ApdAmount> apd;
};

/// The `projects.kind` value.
const char* KindCode(ProjectKind kind);
/// The `authorities.kind` value.
const char* KindCode(AuthorityKind kind);

}  // namespace cncd::demo
