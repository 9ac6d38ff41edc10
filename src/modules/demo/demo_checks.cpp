#include "modules/demo/demo_checks.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "modules/demo/country_plan.hpp"
#include "modules/demo/demo_targets.hpp"

namespace cncd::demo {
namespace {

constexpr std::string_view kCountProjects = "SELECT count(*) FROM projects";
constexpr std::string_view kCountAuthorities = "SELECT count(*) FROM authorities";
constexpr std::string_view kCountEngagedAuthorities =
    "SELECT count(DISTINCT authority_id) FROM project_authorities";
constexpr std::string_view kCountPartners = "SELECT count(*) FROM partners";
constexpr std::string_view kCountEngagedPartners =
    "SELECT count(DISTINCT partner_id) FROM project_partners";
constexpr std::string_view kCountCountries =
    "SELECT count(DISTINCT p.country_iso2) FROM partners p"
    " JOIN project_partners pp ON pp.partner_id = p.id";
constexpr std::string_view kCountAsianAuthorities =
    "SELECT count(DISTINCT pa.authority_id) FROM project_authorities pa"
    " JOIN project_partners pp ON pp.project_id = pa.project_id"
    " JOIN partners p ON p.id = pp.partner_id"
    " JOIN countries c ON c.iso2 = p.country_iso2 WHERE c.continent = 'asie'";
constexpr std::string_view kCountAsianPartners =
    "SELECT count(DISTINCT p.id) FROM partners p"
    " JOIN project_partners pp ON pp.partner_id = p.id"
    " JOIN countries c ON c.iso2 = p.country_iso2 WHERE c.continent = 'asie'";
constexpr std::string_view kAsianApdOfYear =
    "SELECT coalesce(sum(a.amount_eur), 0) FROM apd_amounts a"
    " JOIN countries c ON c.iso2 = a.country_iso2 WHERE c.continent = 'asie' AND a.year = ?";
constexpr std::string_view kTopCountries =
    "SELECT p.country_iso2, count(DISTINCT pp.project_id) AS n FROM project_partners pp"
    " JOIN partners p ON p.id = pp.partner_id"
    " GROUP BY p.country_iso2 ORDER BY n DESC, p.country_iso2 LIMIT 4";
constexpr std::string_view kApdToIneligible =
    "SELECT count(*) FROM apd_amounts a JOIN countries c ON c.iso2 = a.country_iso2"
    " WHERE c.apd_eligible = 0";
constexpr std::string_view kApdWithoutProject =
    "SELECT count(*) FROM apd_amounts a WHERE NOT EXISTS ("
    " SELECT 1 FROM project_authorities pa"
    " JOIN project_partners pp ON pp.project_id = pa.project_id"
    " JOIN partners p ON p.id = pp.partner_id"
    " WHERE pa.authority_id = a.authority_id AND p.country_iso2 = a.country_iso2)";

class Checker {
  public:
    explicit Checker(db::Connection& c) : c_(c) {}

    void Expect(std::string_view what, std::string_view sql, std::int64_t expected,
                const db::Params& params = {}) {
        const std::int64_t actual = c_.QueryInt(sql, params);
        if (actual == expected) return;
        failures_ += std::string(what) + ": " + std::to_string(actual) + " instead of " +
                     std::to_string(expected) + "; ";
    }

    void Fail(std::string message) { failures_ += message + "; "; }

    void ThrowIfFailed() const {
        if (!failures_.empty()) throw std::runtime_error("demo figures off: " + failures_);
    }

  private:
    db::Connection& c_;
    std::string failures_;
};

}  // namespace

void CheckDemoAtlas(db::Connection& c) {
    Checker check(c);
    check.Expect("projects", kCountProjects, kProjects);
    check.Expect("authorities", kCountAuthorities, kAuthorities);
    check.Expect("engaged authorities", kCountEngagedAuthorities, kAuthorities);
    check.Expect("partners", kCountPartners, kPartners);
    check.Expect("engaged partners", kCountEngagedPartners, kPartners);
    check.Expect("countries", kCountCountries, kCountries);
    check.Expect("Asian authorities", kCountAsianAuthorities, kAsiaAuthorities);
    check.Expect("Asian partners", kCountAsianPartners, kAsiaPartners);
    for (const auto& [year, amount] : kAsiaApd) {
        check.Expect("Asian APD " + std::to_string(year), kAsianApdOfYear, amount, {year});
    }
    check.Expect("APD to ineligible countries", kApdToIneligible, 0);
    check.Expect("APD without a project", kApdWithoutProject, 0);

    struct Count {
        std::string iso2;
        std::int64_t projects;
    };
    const auto top = c.QueryAll<Count>(kTopCountries, {}, [](const db::Row& row) {
        return Count{row.Text(0), row.Int(1)};
    });
    const auto leaders = LeadingCountries();
    if (top.size() <= leaders.size()) {
        check.Fail("fewer countries than leaders");
    } else {
        for (std::size_t i = 0; i < leaders.size(); ++i) {
            if (top[i].iso2 != leaders[i].iso2 || top[i].projects != leaders[i].projects) {
                check.Fail("country #" + std::to_string(i + 1) + " is " + top[i].iso2 + " with " +
                           std::to_string(top[i].projects) + " projects");
            }
        }
        if (top[leaders.size()].projects >= leaders.back().projects) {
            check.Fail("a fourth country reaches the leaders");
        }
    }
    check.ThrowIfFailed();
}

}  // namespace cncd::demo
