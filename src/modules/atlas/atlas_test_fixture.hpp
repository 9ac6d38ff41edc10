#pragma once

#include <string_view>

namespace cncd::atlas::fixture {

// A small Atlas: 2 French régions and an overseas collectivity without projects, 3 départements,
// 6 authorities, 6 partners in 5 countries, 7 projects of every kind. The Atlas tests count their
// expected figures by hand from it.
inline constexpr std::string_view kAtlasFixture = R"sql(
INSERT INTO continents (slug, name, sort_order) VALUES
  ('afrique', 'Afrique', 1), ('ameriques', 'Amériques', 2), ('asie', 'Asie', 3),
  ('europe', 'Europe', 4), ('oceanie', 'Océanie', 5);
INSERT INTO countries (iso2, iso3, numeric_code, name, slug, continent, apd_eligible) VALUES
  ('SN', 'SEN', '686', 'Sénégal', 'senegal', 'afrique', 1),
  ('ML', 'MLI', '466', 'Mali', 'mali', 'afrique', 1),
  ('IN', 'IND', '356', 'Inde', 'inde', 'asie', 1),
  ('CN', 'CHN', '156', 'Chine', 'chine', 'asie', 1),
  ('DE', 'DEU', '276', 'Allemagne', 'allemagne', 'europe', 0),
  ('BR', 'BRA', '076', 'Brésil', 'bresil', 'ameriques', 1);
INSERT INTO regions (code, name, slug, chef_lieu, zone) VALUES
  ('75', 'Nouvelle-Aquitaine', 'nouvelle-aquitaine', '33063', 'metro'),
  ('11', 'Île-de-France', 'ile-de-france', '75056', 'metro'),
  ('987', 'Polynésie française', 'polynesie-francaise', NULL, 'com');
INSERT INTO departments (code, name, slug, region_code) VALUES
  ('64', 'Pyrénées-Atlantiques', 'pyrenees-atlantiques', '75'),
  ('33', 'Gironde', 'gironde', '75'),
  ('75', 'Paris', 'paris', '11');
INSERT INTO authorities (id, kind, name, slug, siren, insee, region_code, department_code, website) VALUES
  (1, 'region', 'Région Nouvelle-Aquitaine', 'region-nouvelle-aquitaine', '200053759', '75', '75', NULL, 'https://www.nouvelle-aquitaine.fr'),
  (2, 'departement', 'Département des Pyrénées-Atlantiques', 'departement-64', '226400013', '64', '75', '64', NULL),
  (3, 'commune', 'Bayonne', 'bayonne', '216401024', '64102', '75', '64', 'https://www.bayonne.fr'),
  (4, 'commune', 'Bordeaux', 'bordeaux', '213300635', '33063', '75', '33', NULL),
  (5, 'commune', 'Paris', 'paris', '217500016', '75056', '11', '75', NULL),
  (6, 'epci', 'Communauté d''agglomération du Pays Basque', 'ca-pays-basque', '200067106', NULL, '75', '64', NULL);
INSERT INTO authority_contacts (authority_id, role, first_name, last_name, title, email) VALUES
  (3, 'manager', 'Anne', 'Etcheverry', 'Chargée des relations internationales', 'ri@bayonne.fr'),
  (3, 'elected', 'Jean', 'Duhalde', 'Adjoint aux relations internationales', NULL);
INSERT INTO partners (id, name, slug, country_iso2, level, geonames_id, location_precision) VALUES
  (10, 'New Delhi', 'new-delhi', 'IN', 'municipality', 1261481, 'city'),
  (11, 'Pékin', 'pekin', 'CN', 'municipality', 1816670, 'city'),
  (12, 'Dakar', 'dakar', 'SN', 'municipality', 2253354, 'city'),
  (13, 'Saint-Louis', 'saint-louis', 'SN', 'municipality', 2246452, 'city'),
  (14, 'Bamako', 'bamako', 'ML', 'municipality', 2460596, 'city'),
  (15, 'Hambourg', 'hambourg', 'DE', 'state', NULL, 'region');
INSERT INTO themes (id, parent_id, slug, name, dac_code, sort_order) VALUES
  (1, NULL, 'eau-assainissement', 'Eau et assainissement', '14000', 1),
  (2, 1, 'eau-potable', 'Eau potable', '14030', 1),
  (3, NULL, 'education', 'Éducation', '11000', 2),
  (4, NULL, 'culture', 'Culture', '16061', 3),
  (5, NULL, 'sante', 'Santé', '12000', 4);
INSERT INTO cofinancers (id, slug, name, kind) VALUES
  (1, 'mae', 'Ministère des Affaires étrangères', 'state'),
  (2, 'afd', 'Agence française de développement', 'operator');
INSERT INTO projects (id, slug, title, kind, status, objectives, description, history, context,
                      start_year, end_year, convention_date) VALUES
  (1, 'acces-eau-dakar', 'Accès à l''eau à Dakar', 'cooperation', 'active', '', '', '', '', 2008, NULL, '2008-03-01'),
  (2, 'jumelage-bordeaux-hambourg', 'Jumelage Bordeaux–Hambourg', 'twinning', 'active', '', '', '', '', 1966, NULL, NULL),
  (3, 'appui-new-delhi', 'Appui à la municipalité de New Delhi', 'one_off', 'finished', '', '', '', '', 2010, 2011, NULL),
  (4, 'sante-saint-louis', 'Santé à Saint-Louis', 'oudin_santini', 'active',
     'Améliorer l''accès aux soins.', 'Construction d''un dispensaire.', 'Lien depuis 1990.',
     'Quartiers périphériques.', 2012, 2014, '2011-11-15'),
  (5, 'ecole-bamako', 'École à Bamako', 'cooperation', 'planned', '', '', '', '', 2016, NULL, NULL),
  (6, 'urgence-pekin', 'Urgence à Pékin', 'emergency', 'finished', '', '', '', '', 2009, 2009, NULL),
  (7, 'echanges-dakar', 'Échanges culturels avec Dakar', 'cooperation', 'active', '', '', '', '', 2015, NULL, NULL);
INSERT INTO project_authorities (project_id, authority_id, role) VALUES
  (1, 3, 'lead'), (2, 4, 'lead'), (3, 1, 'lead'), (3, 3, 'associate'), (4, 2, 'lead'),
  (5, 5, 'lead'), (6, 5, 'lead'), (6, 6, 'associate'), (7, 4, 'lead');
INSERT INTO project_partners (project_id, partner_id) VALUES
  (1, 12), (2, 15), (3, 10), (4, 13), (4, 12), (5, 14), (6, 11), (7, 12);
INSERT INTO project_themes (project_id, theme_id) VALUES
  (1, 2), (2, 4), (3, 3), (4, 5), (4, 1), (5, 3), (7, 4);
INSERT INTO project_financing (project_id, cofinancer_id, year, amount_eur) VALUES
  (4, NULL, 2012, 1000), (4, 1, 2012, 500), (4, 1, 2013, 700), (4, 2, 2013, 300);
INSERT INTO project_other_partners (project_id, kind, name, side) VALUES
  (4, 'hospital', 'Centre hospitalier de la Côte basque', 'france'),
  (4, 'association', 'Association des amis de Saint-Louis', 'partner');
INSERT INTO project_contacts (project_id, name, title, email) VALUES
  (4, 'Marie Lasserre', 'Cheffe de projet', 'm.lasserre@le64.fr');
INSERT INTO project_volunteers (project_id, programme, count, year) VALUES
  (4, 'Volontariat de solidarité internationale', 2, 2013);
INSERT INTO apd_amounts (authority_id, country_iso2, year, amount_eur) VALUES
  (3, 'SN', 2010, 1000), (3, 'SN', 2011, 2000), (1, 'IN', 2008, 5000),
  (5, 'CN', 2010, 3000), (5, 'ML', 2011, 700), (4, 'DE', 2011, 100);
)sql";

}  // namespace cncd::atlas::fixture
