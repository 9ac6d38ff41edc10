#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "modules/apd/apd_service.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::apd::testing {

// Three continents, five countries (Germany not APD-eligible), two French régions, three
// authorities (Cesson-Sévigné, Bayonne, Région Bretagne), one Atlas project of Cesson-Sévigné
// in Niger with its own funds in 2024.
inline constexpr std::string_view kFixture = R"sql(
INSERT INTO continents (slug, name, sort_order) VALUES
  ('afrique', 'Afrique', 1), ('ameriques', 'Amériques', 2), ('asie', 'Asie', 3),
  ('europe', 'Europe', 4), ('oceanie', 'Océanie', 5);
INSERT INTO countries (iso2, iso3, numeric_code, name, slug, continent, apd_eligible) VALUES
  ('NE', 'NER', '562', 'Niger', 'niger', 'afrique', 1),
  ('SN', 'SEN', '686', 'Sénégal', 'senegal', 'afrique', 1),
  ('VN', 'VNM', '704', 'Viêt Nam', 'viet-nam', 'asie', 1),
  ('HT', 'HTI', '332', 'Haïti', 'haiti', 'ameriques', 1),
  ('DE', 'DEU', '276', 'Allemagne', 'allemagne', 'europe', 0);
INSERT INTO regions (code, name, slug, chef_lieu, zone) VALUES
  ('53', 'Bretagne', 'bretagne', '35238', 'metro'),
  ('75', 'Nouvelle-Aquitaine', 'nouvelle-aquitaine', '33063', 'metro');
INSERT INTO departments (code, name, slug, region_code) VALUES
  ('35', 'Ille-et-Vilaine', 'ille-et-vilaine', '53'),
  ('64', 'Pyrénées-Atlantiques', 'pyrenees-atlantiques', '75');
INSERT INTO authorities (id, kind, name, slug, siren, insee, region_code, department_code) VALUES
  (1, 'commune', 'Cesson-Sévigné', 'cesson-sevigne', '213500515', '35051', '53', '35'),
  (2, 'commune', 'Bayonne', 'bayonne', '216401024', '64102', '75', '64'),
  (3, 'region', 'Région Bretagne', 'region-bretagne', '233500016', '53', '53', NULL);
INSERT INTO themes (id, parent_id, slug, name, dac_code, sort_order) VALUES
  (1, NULL, 'eau', 'Eau et assainissement', '14030', 1),
  (2, NULL, 'sante', 'Santé', '12220', 2);
INSERT INTO partners (id, name, slug, country_iso2, level, location_precision) VALUES
  (1, 'Commune de Dosso', 'dosso', 'NE', 'municipality', 'city');
INSERT INTO projects (id, slug, title, kind, status, start_year, end_year) VALUES
  (1, 'eau-dosso', 'Eau potable à Dosso', 'cooperation', 'active', 2020, NULL),
  (2, 'sante-dosso', 'Santé à Dosso', 'cooperation', 'active', 2021, NULL);
INSERT INTO project_authorities (project_id, authority_id, role) VALUES (1, 1, 'lead'), (2, 1, 'lead');
INSERT INTO project_partners (project_id, partner_id) VALUES (1, 1), (2, 1);
INSERT INTO project_themes (project_id, theme_id) VALUES (1, 1), (2, 2);
INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur) VALUES
  (1, NULL, 2024, 30000), (2, NULL, 2024, 12000), (1, NULL, 2023, 5000);
)sql";

/// A migrated database with the fixture, a service whose "today" the test sets, the actors.
class ApdFixture {
  public:
    ApdFixture() : service_(database_.db(), [this] { return Today(); }) {
        database_.db().Write([](db::Connection& c) {
            c.ExecuteScript(kFixture);
            return 0;
        });
    }
    db::Database& db() { return database_.db(); }
    DeclarationService& service() { return service_; }
    void SetToday(std::string today) {
        std::lock_guard lock(mutex_);
        today_ = std::move(today);
    }
    std::string Today() {
        std::lock_guard lock(mutex_);
        return today_;
    }
    std::int64_t Int(std::string_view sql) {
        return db().Read([&](db::Connection& c) { return c.QueryInt(sql); });
    }

    const Actor cesson = Actor::Authority(1, "Claire Martin (Cesson-Sévigné)");
    const Actor bayonne = Actor::Authority(2, "Paul Etchart (Bayonne)");
    const Actor bretagne = Actor::Authority(3, "Service RI (Région Bretagne)");
    const Actor ministry = Actor::Ministry("Bureau de l'APD (MEAE)");

  private:
    cncd::testing::TempDatabase database_;
    std::mutex mutex_;
    std::string today_ = "2025-05-02";
    DeclarationService service_;
};

/// A line of `amount` euros to `country` through the local government, water sector.
inline Line MakeLine(std::string country, std::int64_t amount, std::string purpose = "14030") {
    Line l;
    l.country_iso2 = std::move(country);
    l.channel_code = "12002";
    l.purpose_code = std::move(purpose);
    l.expenditure_type = "cooperation";
    l.amount_eur = amount;
    return l;
}

}  // namespace cncd::apd::testing
