-- The personal space (module space): saved Atlas searches with their e-mail alerts, and the
-- organisation's document archive (uploaded files and PDF extractions kept from a search).
--
-- A saved search belongs to one user and stores the search as its canonical query string
-- (search::SearchQueryString without page), so reopening it gives exactly the same results.
-- "New since the last visit" compares the matching project ids with the highest project id
-- when the user last opened the search (seen_project_id). The alert mails the matching
-- projects whose id is above alert_since_id (the highest project id when the alert was turned
-- on) and that are not yet in saved_search_notified: each project is mailed once per search.

CREATE TABLE saved_searches (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    query            TEXT NOT NULL CHECK (length(query) <= 4000),
    alert            INTEGER NOT NULL DEFAULT 0 CHECK (alert IN (0, 1)),
    alert_since_id   INTEGER NOT NULL DEFAULT 0,
    seen_project_id  INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    opened_at        INTEGER NOT NULL,
    alerted_at       INTEGER
);
CREATE INDEX saved_searches_user ON saved_searches (user_id, id);
CREATE INDEX saved_searches_alert ON saved_searches (alert) WHERE alert = 1;

CREATE TABLE saved_search_notified (
    search_id    INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    project_id   INTEGER NOT NULL,
    notified_at  INTEGER NOT NULL,
    PRIMARY KEY (search_id, project_id)
) WITHOUT ROWID;

-- Documents of an organisation: files uploaded by its members (kind 'upload') and PDF
-- extractions of a search kept by one of them (kind 'extraction', with the search). The type is
-- the one found in the content, never the one the browser claimed.
CREATE TABLE space_documents (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_name        TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('upload', 'extraction')),
    filename         TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    content_type     TEXT NOT NULL,
    type_label       TEXT NOT NULL,
    size             INTEGER NOT NULL CHECK (size > 0),
    search_query     TEXT,
    content          BLOB NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX space_documents_organisation ON space_documents (organisation_id, id);
CREATE INDEX space_documents_user ON space_documents (user_id, kind);
