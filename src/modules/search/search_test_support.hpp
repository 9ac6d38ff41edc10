#pragma once

// Databases for the search tests: the demo on the real reference data (built once per test
// process, read-only), and a small hand-made Atlas for tests that write.

#include <memory>
#include <string_view>

#include "db/database.hpp"
#include "modules/demo/demo_service.hpp"
#include "modules/geo/geo_service.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::search::testing {

/// The demo Atlas (13,000 projects), seeded on first use. Tests must not write to it.
inline db::Database& DemoDatabase() {
    static const std::unique_ptr<cncd::testing::TempDatabase> database = [] {
        auto d = std::make_unique<cncd::testing::TempDatabase>();
        geo::ImportReference(d->db(), cncd::testing::SourceRoot() / "node_modules");
        const auto seeded = demo::SeedDemo(d->db());
        if (!seeded) throw std::runtime_error("demo: " + seeded.error().message);
        return d;
    }();
    return database->db();
}

/// A few projects on two continents, for tests that write.
inline constexpr std::string_view kSmallAtlas = R"sql(
INSERT INTO continents (slug, name, sort_order) VALUES ('afrique', 'Afrique', 1), ('asie', 'Asie', 3);
INSERT INTO countries (iso2, iso3, numeric_code, name, slug, continent)
VALUES ('SN', 'SEN', '686', 'Sénégal', 'senegal', 'afrique'),
       ('ML', 'MLI', '466', 'Mali', 'mali', 'afrique'),
       ('VN', 'VNM', '704', 'Viêt Nam', 'viet-nam', 'asie');
INSERT INTO regions (code, name, slug, zone) VALUES ('53', 'Bretagne', 'bretagne', 'metro');
INSERT INTO departments (code, name, slug, region_code) VALUES ('29', 'Finistère', 'finistere', '53');
INSERT INTO themes (id, parent_id, slug, name, dac_code, sort_order)
VALUES (1, NULL, 'urbain', 'Développement urbain durable', '43030', 1),
       (2, 1, 'dechets', 'Gestion des déchets', '14050', 2),
       (3, NULL, 'sante', 'Santé', '12220', 3);
INSERT INTO cofinancers (id, slug, name, kind) VALUES (1, 'afd', 'Agence française de développement', 'operator');
INSERT INTO authorities (id, kind, name, slug, region_code, department_code)
VALUES (1, 'commune', 'Brest', 'brest', '53', '29'),
       (2, 'region', 'Région Bretagne', 'region-bretagne', '53', NULL);
INSERT INTO partners (id, name, slug, country_iso2, level, lat, lon, location_precision)
VALUES (1, 'Dakar', 'dakar', 'SN', 'municipality', 14.69, -17.44, 'city'),
       (2, 'Ségou', 'segou', 'ML', 'municipality', 13.43, -6.26, 'city'),
       (3, 'Hué', 'hue', 'VN', 'municipality', 16.46, 107.59, 'city');
INSERT INTO projects (id, slug, title, kind, status, objectives, description, start_year, end_year)
VALUES (1, 'collecte', 'Collecte des déchets à Dakar', 'cooperation', 'active',
        'Organiser la collecte des ordures', 'Camions et centres de tri.', 2010, 2013),
       (2, 'sante-segou', 'Coopération hospitalière avec Ségou', 'twinning', 'finished',
        'Former les soignants', 'Échanges de médecins.', 2005, 2009),
       (3, 'hue', 'Patrimoine de Hué', 'one_off', 'planned', 'Restaurer la citadelle', '', 2015, NULL);
INSERT INTO project_themes (project_id, theme_id) VALUES (1, 2), (2, 3), (3, 1);
INSERT INTO project_authorities (project_id, authority_id, role) VALUES (1, 1, 'lead'), (2, 2, 'lead'), (3, 1, 'lead');
INSERT INTO project_partners (project_id, partner_id) VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur) VALUES (1, 1, 2010, 5000), (1, NULL, 2010, 2000);
)sql";

}  // namespace cncd::search::testing
