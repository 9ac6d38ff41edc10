-- Atlas search: full-text index of the projects (FTS5 with the cncd_french tokenizer that every
-- connection registers: folded words and their Snowball French stems) and a data version that
-- the search snapshot (facets, sorting) compares to know it is stale.
--
-- One document per project (rowid = project id) with six columns: its title, the names of its
-- themes (and of their parent themes), its objectives, its description, the names of its
-- French authorities, and the names of its partner authorities with their countries. The
-- document is the view search_documents; the FTS5 table is "external content" on it, so the
-- text is stored once.
--
-- Consistency: everything happens in the writing transaction, so a rolled-back write leaves the
-- index unchanged. A write that changes a document first removes the indexed document (BEFORE
-- triggers, while the view still shows the old values FTS5 needs to remove it) and puts the
-- project in `search_queue`; the SQLite backend indexes the queue in one batch just before
-- COMMIT (Database::BeforeCommit → FlushSearchQueue) and empties it. Why not re-index in the
-- triggers: FTS5 (SQLite 3.40) writes its pending terms to a new segment at every statement
-- savepoint, which made seeding the 13,000 demo projects 4× slower (≈10 s instead of 2.5 s);
-- queued, a project inserted with its links is indexed once, in the commit's batch.

-- Bumped by every write that changes what the search shows (projects, their links, labels).
CREATE TABLE search_data_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO search_data_version (id, version) VALUES (1, 0);

-- Projects whose document is not in the index and must be inserted at commit (if the project
-- still exists). Empty outside a write transaction.
CREATE TABLE search_queue (
    project_id  INTEGER PRIMARY KEY
);

-- Inserting a project id here takes its document out of the index (unless it is out already)
-- and queues it. The row itself is never stored: one place for that logic, called by triggers.
CREATE TABLE search_stale (
    project_id  INTEGER PRIMARY KEY
);

CREATE VIEW search_documents AS
SELECT p.id AS id,
       p.title AS title,
       (SELECT group_concat(t.name || coalesce(' ' || parent.name, ''), ' ')
        FROM project_themes pt
        JOIN themes t ON t.id = pt.theme_id
        LEFT JOIN themes parent ON parent.id = t.parent_id
        WHERE pt.project_id = p.id) AS themes,
       p.objectives AS objectives,
       p.description AS description,
       (SELECT group_concat(a.name, ' ')
        FROM project_authorities pa
        JOIN authorities a ON a.id = pa.authority_id
        WHERE pa.project_id = p.id) AS authorities,
       (SELECT group_concat(pr.name || ' ' || c.name, ' ')
        FROM project_partners pp
        JOIN partners pr ON pr.id = pp.partner_id
        JOIN countries c ON c.iso2 = pr.country_iso2
        WHERE pp.project_id = p.id) AS partners
FROM projects p;

CREATE VIRTUAL TABLE search_projects USING fts5 (
    title, themes, objectives, description, authorities, partners,
    content = 'search_documents', content_rowid = 'id', tokenize = 'cncd_french'
);

CREATE TRIGGER search_stale_bi BEFORE INSERT ON search_stale BEGIN
    INSERT INTO search_projects
        (search_projects, rowid, title, themes, objectives, description, authorities, partners)
    SELECT 'delete', id, title, themes, objectives, description, authorities, partners
    FROM search_documents
    WHERE id = NEW.project_id
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE project_id = NEW.project_id);
    INSERT INTO search_queue (project_id) SELECT NEW.project_id
    WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE project_id = NEW.project_id);
    SELECT RAISE(IGNORE);
END;

-- Projects ------------------------------------------------------------------------------

-- A new project is not indexed yet: queue it only.
CREATE TRIGGER search_projects_ai AFTER INSERT ON projects BEGIN
    INSERT INTO search_queue (project_id) SELECT NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE project_id = NEW.id);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_projects_bu BEFORE UPDATE OF id, title, objectives, description
ON projects BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.id);
    INSERT INTO search_stale (project_id) VALUES (NEW.id);
END;

CREATE TRIGGER search_projects_au AFTER UPDATE ON projects BEGIN
    UPDATE search_data_version SET version = version + 1;
END;

-- Before its links cascade away; the queue entry then stands for "not indexed", and the flush
-- skips it since the project is gone.
CREATE TRIGGER search_projects_bd BEFORE DELETE ON projects BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.id);
    UPDATE search_data_version SET version = version + 1;
END;

-- Links of a project ----------------------------------------------------------------------

CREATE TRIGGER search_project_themes_bi BEFORE INSERT ON project_themes BEGIN
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_themes_bd BEFORE DELETE ON project_themes BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_themes_bu BEFORE UPDATE ON project_themes BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_authorities_bi BEFORE INSERT ON project_authorities BEGIN
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_authorities_bd BEFORE DELETE ON project_authorities BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_authorities_bu BEFORE UPDATE ON project_authorities BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
    UPDATE search_data_version SET version = version + 1;
END;

CREATE TRIGGER search_project_partners_bi BEFORE INSERT ON project_partners BEGIN
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_partners_bd BEFORE DELETE ON project_partners BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_project_partners_bu BEFORE UPDATE ON project_partners BEGIN
    INSERT INTO search_stale (project_id) VALUES (OLD.project_id);
    INSERT INTO search_stale (project_id) VALUES (NEW.project_id);
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

-- Names in the documents ------------------------------------------------------------------

-- A theme's name is in the documents of its projects and of its sub-themes' projects.
CREATE TRIGGER search_themes_bu BEFORE UPDATE OF name, parent_id ON themes BEGIN
    INSERT INTO search_stale (project_id) SELECT DISTINCT project_id FROM project_themes
    WHERE theme_id = OLD.id OR theme_id IN (SELECT id FROM themes WHERE parent_id = OLD.id);
END;

CREATE TRIGGER search_authorities_bu BEFORE UPDATE OF name ON authorities BEGIN
    INSERT INTO search_stale (project_id) SELECT project_id FROM project_authorities WHERE authority_id = OLD.id;
END;

CREATE TRIGGER search_partners_bu BEFORE UPDATE OF name, country_iso2 ON partners BEGIN
    INSERT INTO search_stale (project_id) SELECT project_id FROM project_partners WHERE partner_id = OLD.id;
END;

CREATE TRIGGER search_countries_bu BEFORE UPDATE OF name ON countries BEGIN
    INSERT INTO search_stale (project_id) SELECT DISTINCT pp.project_id FROM project_partners pp
    JOIN partners pr ON pr.id = pp.partner_id WHERE pr.country_iso2 = OLD.iso2;
END;

-- Facet values and labels -----------------------------------------------------------------

CREATE TRIGGER search_themes_au AFTER UPDATE ON themes BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_cofinancers_au AFTER UPDATE ON cofinancers BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_authorities_au AFTER UPDATE OF name, kind, region_code, department_code ON authorities BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_partners_au AFTER UPDATE OF name, country_iso2 ON partners BEGIN
    UPDATE search_data_version SET version = version + 1;
END;
CREATE TRIGGER search_countries_au AFTER UPDATE OF name, continent ON countries BEGIN
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
INSERT INTO search_projects (search_projects) VALUES ('optimize');
