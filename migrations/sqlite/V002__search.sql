-- Atlas search: full-text index of the projects (FTS5 with the cncd_french tokenizer that every
-- connection registers: folded words and their Snowball French stems) and a data version that
-- the search snapshot (facets, sorting) compares to know it is stale. Triggers keep both
-- current in the writing transaction, so a rolled-back write leaves them unchanged.

-- Bumped by every write that changes what the search shows (projects, their links, labels).
CREATE TABLE search_data_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO search_data_version (id, version) VALUES (1, 0);

-- The project's own text. External content: the text stays in `projects` only.
CREATE VIRTUAL TABLE search_projects USING fts5 (
    title, objectives, description,
    content = 'projects', content_rowid = 'id', tokenize = 'cncd_french', prefix = '3'
);

-- One tiny document per link of a project: a theme (with its parent theme's name), a French
-- authority, or a partner authority (with its country's name). rowid =
-- (project_id << 28) | (kind << 26) | linked id, kind 1 theme, 2 authority, 3 partner: adding a
-- link indexes a few words, and a match yields the project id without reading a row.
CREATE VIRTUAL TABLE search_links USING fts5 (
    name, tokenize = 'cncd_french', prefix = '3', detail = 'none'
);

CREATE VIEW search_theme_docs AS
SELECT pt.project_id AS project_id, pt.theme_id AS linked_id,
       (pt.project_id << 28) | (1 << 26) | pt.theme_id AS doc_id,
       t.name || coalesce(' ' || parent.name, '') AS name
FROM project_themes pt
JOIN themes t ON t.id = pt.theme_id
LEFT JOIN themes parent ON parent.id = t.parent_id;

CREATE VIEW search_authority_docs AS
SELECT pa.project_id AS project_id, pa.authority_id AS linked_id,
       (pa.project_id << 28) | (2 << 26) | pa.authority_id AS doc_id,
       a.name AS name
FROM project_authorities pa
JOIN authorities a ON a.id = pa.authority_id;

CREATE VIEW search_partner_docs AS
SELECT pp.project_id AS project_id, pp.partner_id AS linked_id,
       (pp.project_id << 28) | (3 << 26) | pp.partner_id AS doc_id,
       p.name || ' ' || c.name AS name
FROM project_partners pp
JOIN partners p ON p.id = pp.partner_id
JOIN countries c ON c.iso2 = p.country_iso2;

-- Projects ------------------------------------------------------------------------------

CREATE TRIGGER search_projects_ai AFTER INSERT ON projects BEGIN
    SELECT RAISE(ABORT, 'project id out of the search index range')
    WHERE NEW.id < 0 OR NEW.id >= 34359738368;
    INSERT INTO search_projects (rowid, title, objectives, description)
    VALUES (NEW.id, NEW.title, NEW.objectives, NEW.description);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_projects_ad AFTER DELETE ON projects BEGIN
    INSERT INTO search_projects (search_projects, rowid, title, objectives, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.objectives, OLD.description);
    DELETE FROM search_links WHERE rowid BETWEEN (OLD.id << 28) AND ((OLD.id + 1) << 28) - 1;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_projects_au_text AFTER UPDATE OF id, title, objectives, description
ON projects BEGIN
    SELECT RAISE(ABORT, 'project id out of the search index range')
    WHERE NEW.id < 0 OR NEW.id >= 34359738368;
    INSERT INTO search_projects (search_projects, rowid, title, objectives, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.objectives, OLD.description);
    INSERT INTO search_projects (rowid, title, objectives, description)
    VALUES (NEW.id, NEW.title, NEW.objectives, NEW.description);
END;

CREATE TRIGGER search_projects_au AFTER UPDATE ON projects BEGIN
    UPDATE search_data_version SET version = version + 1;
END;

-- Links of a project ----------------------------------------------------------------------

CREATE TRIGGER search_project_themes_ai AFTER INSERT ON project_themes BEGIN
    SELECT RAISE(ABORT, 'theme id out of the search index range')
    WHERE NEW.theme_id < 0 OR NEW.theme_id >= 67108864;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_theme_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.theme_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_themes_ad AFTER DELETE ON project_themes BEGIN
    DELETE FROM search_links WHERE rowid = (OLD.project_id << 28) | (1 << 26) | OLD.theme_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_themes_au AFTER UPDATE ON project_themes BEGIN
    SELECT RAISE(ABORT, 'theme id out of the search index range')
    WHERE NEW.theme_id < 0 OR NEW.theme_id >= 67108864;
    DELETE FROM search_links WHERE rowid = (OLD.project_id << 28) | (1 << 26) | OLD.theme_id;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_theme_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.theme_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_authorities_ai AFTER INSERT ON project_authorities BEGIN
    SELECT RAISE(ABORT, 'authority id out of the search index range')
    WHERE NEW.authority_id < 0 OR NEW.authority_id >= 67108864;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_authority_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.authority_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_authorities_ad AFTER DELETE ON project_authorities BEGIN
    DELETE FROM search_links
    WHERE rowid = (OLD.project_id << 28) | (2 << 26) | OLD.authority_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_authorities_au AFTER UPDATE ON project_authorities BEGIN
    SELECT RAISE(ABORT, 'authority id out of the search index range')
    WHERE NEW.authority_id < 0 OR NEW.authority_id >= 67108864;
    DELETE FROM search_links
    WHERE rowid = (OLD.project_id << 28) | (2 << 26) | OLD.authority_id;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_authority_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.authority_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_partners_ai AFTER INSERT ON project_partners BEGIN
    SELECT RAISE(ABORT, 'partner id out of the search index range')
    WHERE NEW.partner_id < 0 OR NEW.partner_id >= 67108864;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.partner_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_partners_ad AFTER DELETE ON project_partners BEGIN
    DELETE FROM search_links WHERE rowid = (OLD.project_id << 28) | (3 << 26) | OLD.partner_id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_partners_au AFTER UPDATE ON project_partners BEGIN
    SELECT RAISE(ABORT, 'partner id out of the search index range')
    WHERE NEW.partner_id < 0 OR NEW.partner_id >= 67108864;
    DELETE FROM search_links WHERE rowid = (OLD.project_id << 28) | (3 << 26) | OLD.partner_id;
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs
    WHERE project_id = NEW.project_id AND linked_id = NEW.partner_id;
    UPDATE search_data_version SET version = version + 1;
END;

-- Co-financers are a facet: any change of a financing line.
CREATE TRIGGER search_project_financing_ai AFTER INSERT ON project_financing BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_financing_ad AFTER DELETE ON project_financing BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_financing_au AFTER UPDATE ON project_financing BEGIN
    UPDATE search_data_version SET version = version + 1;
END;

-- Names and groupings shown by the search -------------------------------------------------

-- A theme's name is indexed in its own links and in those of its sub-themes.
CREATE TRIGGER search_themes_au AFTER UPDATE OF name, slug, parent_id, sort_order ON themes
BEGIN
    DELETE FROM search_links WHERE rowid IN (
        SELECT doc_id FROM search_theme_docs
        WHERE linked_id = NEW.id OR linked_id IN (SELECT id FROM themes WHERE parent_id = NEW.id));
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_theme_docs
    WHERE linked_id = NEW.id OR linked_id IN (SELECT id FROM themes WHERE parent_id = NEW.id);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_authorities_au AFTER UPDATE OF name, kind, region_code, department_code
ON authorities BEGIN
    DELETE FROM search_links WHERE rowid IN (
        SELECT doc_id FROM search_authority_docs WHERE linked_id = NEW.id);
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_authority_docs
    WHERE linked_id = NEW.id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_partners_au AFTER UPDATE OF name, country_iso2 ON partners BEGIN
    DELETE FROM search_links WHERE rowid IN (
        SELECT doc_id FROM search_partner_docs WHERE linked_id = NEW.id);
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs
    WHERE linked_id = NEW.id;
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_countries_au AFTER UPDATE OF name, continent ON countries BEGIN
    DELETE FROM search_links WHERE rowid IN (
        SELECT doc_id FROM search_partner_docs
        WHERE linked_id IN (SELECT id FROM partners WHERE country_iso2 = NEW.iso2));
    INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs
    WHERE linked_id IN (SELECT id FROM partners WHERE country_iso2 = NEW.iso2);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_cofinancers_au AFTER UPDATE ON cofinancers BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_continents_au AFTER UPDATE ON continents BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_regions_au AFTER UPDATE ON regions BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_departments_au AFTER UPDATE ON departments BEGIN
    UPDATE search_data_version SET version = version + 1;
END;

-- Index what a database migrated before this version already holds.
INSERT INTO search_projects (search_projects) VALUES ('rebuild');
INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_theme_docs;
INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_authority_docs;
INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs;
