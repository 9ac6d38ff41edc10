-- e-APD: the yearly declaration of official development assistance (CGCT art. L.1115-6).
-- Amounts are whole euros (as in the Atlas and the OECD CRS). Dates are ISO dates (YYYY-MM-DD),
-- times ISO timestamps. A declaration covers calendar year `year` (N-1 of its campaign).

-- OECD/IATI codelists (`cncd import codelists DIR`), French names when the list has them.
-- Rows with source 'builtin' are the minimal lists the form needs without an import
-- (FACTS.md); an import replaces a whole list.
CREATE TABLE apd_codes (
    list       TEXT NOT NULL,   -- Sector, SectorCategory, AidType, CRSChannelCode, Region,
                                -- FinanceType, FlowType
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    category   TEXT,            -- Sector: its SectorCategory; others: the list's own grouping
    continent  TEXT,            -- continents.slug; Region only, when it lies in one continent
    source     TEXT NOT NULL DEFAULT 'iati' CHECK (source IN ('builtin', 'iati')),
    PRIMARY KEY (list, code)
) WITHOUT ROWID;

INSERT INTO apd_codes (list, code, name, category, continent, source) VALUES
    ('CRSChannelCode', '12002', 'Collectivité locale du pays bénéficiaire', '12000', NULL, 'builtin'),
    ('CRSChannelCode', '22000', 'ONG basée dans un pays donneur', '22000', NULL, 'builtin'),
    ('CRSChannelCode', '23000', 'ONG basée dans un pays en développement', '23000', NULL, 'builtin'),
    ('CRSChannelCode', '41000', 'Agence, fonds ou commission des Nations unies', '41000', NULL, 'builtin'),
    ('CRSChannelCode', '47000', 'Autres institutions multilatérales', '47000', NULL, 'builtin'),
    ('CRSChannelCode', '51000', 'Université, établissement d''enseignement ou de recherche', '51000', NULL, 'builtin'),
    ('AidType', 'C01', 'Interventions de type projet', 'C', NULL, 'builtin'),
    ('AidType', 'B01', 'Contributions aux budgets des ONG', 'B', NULL, 'builtin'),
    ('AidType', 'B02', 'Contributions aux budgets des institutions multilatérales', 'B', NULL, 'builtin'),
    ('AidType', 'E01', 'Bourses et formations dans le pays donneur', 'E', NULL, 'builtin'),
    ('AidType', 'G01', 'Frais administratifs non inclus ailleurs', 'G', NULL, 'builtin'),
    ('AidType', 'H01', 'Sensibilisation au développement', 'H', NULL, 'builtin'),
    ('AidType', 'H02', 'Réfugiés et demandeurs d''asile dans le pays donneur', 'H', NULL, 'builtin'),
    ('Sector', '15112', 'Décentralisation et soutien aux administrations infranationales', '151', NULL, 'builtin'),
    ('Sector', '14030', 'Eau potable et assainissement de base', '140', NULL, 'builtin'),
    ('Sector', '99820', 'Sensibilisation au développement', '998', NULL, 'builtin'),
    ('Sector', '93010', 'Réfugiés dans les pays donneurs', '930', NULL, 'builtin'),
    ('Sector', '91010', 'Frais administratifs des donneurs', '910', NULL, 'builtin'),
    ('Region', '298', 'Afrique, régional', NULL, 'afrique', 'builtin'),
    ('Region', '389', 'Caraïbes et Amérique centrale, régional', NULL, 'ameriques', 'builtin'),
    ('Region', '489', 'Amérique du Sud, régional', NULL, 'ameriques', 'builtin'),
    ('Region', '798', 'Asie, régional', NULL, 'asie', 'builtin'),
    ('Region', '889', 'Océanie, régional', NULL, 'oceanie', 'builtin'),
    ('Region', '998', 'Pays en développement, non spécifié', NULL, NULL, 'builtin'),
    ('FlowType', '10', 'APD', NULL, NULL, 'builtin'),
    ('FinanceType', '110', 'Don standard', '100', NULL, 'builtin');

-- A campaign collects the declarations of one year; its window is data (FACTS.md).
CREATE TABLE apd_campaigns (
    year        INTEGER PRIMARY KEY,            -- the year declared (N-1)
    opens_on    TEXT NOT NULL,                  -- first day submissions are accepted
    closes_on   TEXT NOT NULL CHECK (closes_on >= opens_on),  -- last day, inclusive
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The ministry reopens one authority's declaration after the window, until a date.
CREATE TABLE apd_reopenings (
    year          INTEGER NOT NULL REFERENCES apd_campaigns (year),
    authority_id  INTEGER NOT NULL REFERENCES authorities (id),
    until         TEXT NOT NULL,               -- last day, inclusive
    reason        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (year, authority_id)
);

-- One declaration per authority and year; its versions hold the lines. `current_version_id`
-- is the version shown and edited; `validated_version_id` the last version the ministry
-- validated (the one the statistics and the Atlas count, also while a correction is under way).
CREATE TABLE apd_declarations (
    id                    INTEGER PRIMARY KEY,
    authority_id          INTEGER NOT NULL REFERENCES authorities (id),
    year                  INTEGER NOT NULL REFERENCES apd_campaigns (year),
    current_version_id    INTEGER REFERENCES apd_versions (id),
    validated_version_id  INTEGER REFERENCES apd_versions (id),
    created_at            TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at            TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (authority_id, year)
);
CREATE INDEX apd_declarations_year ON apd_declarations (year, authority_id);
CREATE INDEX apd_declarations_validated ON apd_declarations (validated_version_id);

-- A version: brouillon (editable) → soumise → validee or renvoyee. A submitted version never
-- changes again; a correction after submission is a new version (history kept).
CREATE TABLE apd_versions (
    id                  INTEGER PRIMARY KEY,
    declaration_id      INTEGER NOT NULL REFERENCES apd_declarations (id),
    number              INTEGER NOT NULL CHECK (number > 0),
    state               TEXT NOT NULL DEFAULT 'brouillon'
        CHECK (state IN ('brouillon', 'soumise', 'renvoyee', 'validee')),
    nothing_to_declare  INTEGER NOT NULL DEFAULT 0 CHECK (nothing_to_declare IN (0, 1)),
    created_at          TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    submitted_at        TEXT,
    submitted_by        TEXT,
    reviewed_at         TEXT,
    reviewed_by         TEXT,
    UNIQUE (declaration_id, number)
);

-- The lines: a recipient (a country, or a CRS region / "developing countries, unspecified"),
-- a channel, a sector (CRS purpose code), one of the eight types of expenditure, an aid type,
-- an amount and the five OECD policy markers (0 not targeted, 1 significant, 2 principal).
CREATE TABLE apd_lines (
    id                   INTEGER PRIMARY KEY,
    version_id           INTEGER NOT NULL REFERENCES apd_versions (id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    country_iso2         TEXT REFERENCES countries (iso2),
    recipient_region     TEXT,                    -- CRS Region code when no country
    channel_code         TEXT NOT NULL,
    purpose_code         TEXT NOT NULL,
    expenditure_type     TEXT NOT NULL CHECK (expenditure_type IN (
        'cooperation', 'solidarity_1pct', 'ngo_grants', 'multilateral', 'awareness',
        'refugees', 'scholarships', 'follow_up')),
    aid_type             TEXT NOT NULL,
    amount_eur           INTEGER NOT NULL CHECK (amount_eur > 0),
    marker_gender        INTEGER NOT NULL DEFAULT 0 CHECK (marker_gender BETWEEN 0 AND 2),
    marker_environment   INTEGER NOT NULL DEFAULT 0 CHECK (marker_environment BETWEEN 0 AND 2),
    marker_biodiversity  INTEGER NOT NULL DEFAULT 0 CHECK (marker_biodiversity BETWEEN 0 AND 2),
    marker_nutrition     INTEGER NOT NULL DEFAULT 0 CHECK (marker_nutrition BETWEEN 0 AND 2),
    marker_inclusion     INTEGER NOT NULL DEFAULT 0 CHECK (marker_inclusion BETWEEN 0 AND 2),
    project_id           INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    comment              TEXT NOT NULL DEFAULT '',
    CHECK ((country_iso2 IS NULL) <> (recipient_region IS NULL))
);
CREATE INDEX apd_lines_version ON apd_lines (version_id, position);
CREATE INDEX apd_lines_country ON apd_lines (country_iso2, version_id);

-- The review: the ministry's comments (a return always has one), the authority's answers.
CREATE TABLE apd_review_comments (
    id              INTEGER PRIMARY KEY,
    declaration_id  INTEGER NOT NULL REFERENCES apd_declarations (id),
    version_id      INTEGER NOT NULL REFERENCES apd_versions (id),
    kind            TEXT NOT NULL CHECK (kind IN ('return', 'validate', 'note')),
    author          TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX apd_review_comments_declaration ON apd_review_comments (declaration_id, id);

-- Bumped in the transaction of every change to what the statistics show, so that in-memory
-- statistics know when to reload.
CREATE TABLE apd_publication (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    stamp  INTEGER NOT NULL
);
INSERT INTO apd_publication (id, stamp) VALUES (1, 0);

CREATE TRIGGER apd_declarations_published AFTER UPDATE OF validated_version_id ON apd_declarations
BEGIN
    UPDATE apd_publication SET stamp = stamp + 1 WHERE id = 1;
END;
CREATE TRIGGER apd_codes_published AFTER INSERT ON apd_codes
BEGIN
    UPDATE apd_publication SET stamp = stamp + 1 WHERE id = 1;
END;
CREATE TRIGGER apd_authorities_published
AFTER UPDATE OF kind, name, region_code, department_code ON authorities
BEGIN
    UPDATE apd_publication SET stamp = stamp + 1 WHERE id = 1;
END;

-- The Atlas's APD by authority × country × year now comes from validated declarations
-- (V001 had a table of the same name and columns).
DROP INDEX apd_amounts_country;
DROP TABLE apd_amounts;
CREATE VIEW apd_amounts (authority_id, country_iso2, year, amount_eur) AS
    SELECT d.authority_id, l.country_iso2, d.year, sum(l.amount_eur)
    FROM apd_declarations d
    JOIN apd_lines l ON l.version_id = d.validated_version_id
    WHERE l.country_iso2 IS NOT NULL
    GROUP BY d.authority_id, l.country_iso2, d.year;

-- A direct write of an amount (tests, older tools) is recorded as one validated line of the
-- authority's declaration for that year: decentralised cooperation with the local government
-- of the country (channel 12002, project aid C01, purpose 15112).
CREATE TRIGGER apd_amounts_insert INSTEAD OF INSERT ON apd_amounts
BEGIN
    INSERT OR IGNORE INTO apd_campaigns (year, opens_on, closes_on)
        VALUES (NEW.year, (NEW.year + 1) || '-04-15', (NEW.year + 1) || '-05-31');
    INSERT OR IGNORE INTO apd_declarations (authority_id, year)
        VALUES (NEW.authority_id, NEW.year);
    INSERT INTO apd_versions (declaration_id, number, state, submitted_at, reviewed_at)
        SELECT d.id, 1 + (SELECT count(*) FROM apd_versions v WHERE v.declaration_id = d.id),
               'validee', (NEW.year + 1) || '-05-31', (NEW.year + 1) || '-06-30'
        FROM apd_declarations d
        WHERE d.authority_id = NEW.authority_id AND d.year = NEW.year
          AND d.validated_version_id IS NULL;
    UPDATE apd_declarations
        SET validated_version_id = (SELECT max(v.id) FROM apd_versions v
                                    WHERE v.declaration_id = apd_declarations.id),
            current_version_id = (SELECT max(v.id) FROM apd_versions v
                                  WHERE v.declaration_id = apd_declarations.id)
        WHERE authority_id = NEW.authority_id AND year = NEW.year
          AND validated_version_id IS NULL;
    INSERT INTO apd_lines (version_id, position, country_iso2, channel_code, purpose_code,
                           expenditure_type, aid_type, amount_eur)
        SELECT d.validated_version_id,
               1 + (SELECT count(*) FROM apd_lines l WHERE l.version_id = d.validated_version_id),
               NEW.country_iso2, '12002', '15112', 'cooperation', 'C01', NEW.amount_eur
        FROM apd_declarations d
        WHERE d.authority_id = NEW.authority_id AND d.year = NEW.year;
    UPDATE apd_publication SET stamp = stamp + 1 WHERE id = 1;
END;
