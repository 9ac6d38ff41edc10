-- Versions of the project fiches edited online (module fiches).
--
-- Every save of a fiche stores the complete fiche as it is after the save (a JSON snapshot of
-- the editable fields, with the names of the linked records so a diff stays readable when they
-- are renamed). Version numbers count from 1 per project. A project that existed before online
-- editing (imported, demo) gets, at its first save, a version 1 "baseline" holding the fiche as
-- it was, so its first change can be compared and reverted. Reverting a change stores the
-- previous snapshot again as a new version: the history only grows.
--
-- The author is kept by id and name: users live in the accounts module, which may be deployed
-- after this table; the name stays readable if the account is deleted.

CREATE TABLE project_versions (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version           INTEGER NOT NULL CHECK (version >= 1),
    action            TEXT NOT NULL
        CHECK (action IN ('baseline', 'create', 'edit', 'close', 'revert')),
    author_id         INTEGER,                 -- accounts user id; NULL for a baseline
    author_name       TEXT NOT NULL,
    author_authority  INTEGER REFERENCES authorities (id),  -- the author's authority, if any
    reverted_version  INTEGER,                 -- revert: the version whose change was undone
    summary           TEXT NOT NULL,
    snapshot          TEXT NOT NULL,           -- JSON, the fiche after this version
    created_at        TEXT NOT NULL,           -- 'YYYY-MM-DD HH:MM:SS' UTC
    UNIQUE (project_id, version)
);
CREATE INDEX project_versions_created ON project_versions (created_at DESC, id DESC);
