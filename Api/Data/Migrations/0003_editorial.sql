-- migrator: foreign-keys-off
-- Editorial workflow: articles gain archived and trashed states, a version for conditional writes and the key that
-- created them; keys gain an author, a station scope, an expiry and a read-only flag; revisions and an audit log.
-- The articles table is rebuilt because SQLite cannot change a CHECK constraint in place.

CREATE TABLE articles_new (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    channel_id        INTEGER NOT NULL,
    title             TEXT NOT NULL,
    subtitle          TEXT,
    summary           TEXT,
    body_html         TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived', 'trashed')),
    -- While trashed: the state a restore brings back.
    trashed_from      TEXT CHECK (trashed_from IN ('draft', 'published', 'archived')),
    trashed_at        TEXT,
    published_at      TEXT,
    source            TEXT,
    credit            TEXT,
    cover_media_id    INTEGER REFERENCES media (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    created_by_key_id INTEGER REFERENCES api_keys (id),
    sort_at           TEXT GENERATED ALWAYS AS (COALESCE(published_at, created_at)) VIRTUAL,
    FOREIGN KEY (channel_id, station_id) REFERENCES channels (id, station_id),
    CHECK ((status = 'trashed') = (trashed_from IS NOT NULL))
);

INSERT INTO articles_new (id, station_id, channel_id, title, subtitle, summary, body_html, status, published_at, source, credit,
                          cover_media_id, created_at, updated_at)
SELECT id, station_id, channel_id, title, subtitle, summary, body_html, status, published_at, source, credit,
       cover_media_id, created_at, updated_at
FROM articles;

DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;

CREATE INDEX ix_articles_public ON articles (status, sort_at DESC, id DESC);
CREATE INDEX ix_articles_all ON articles (sort_at DESC, id DESC);
CREATE INDEX ix_articles_cover ON articles (cover_media_id);
CREATE INDEX ix_articles_station_sort ON articles (station_id, sort_at DESC, id DESC);
CREATE INDEX ix_articles_station_updated ON articles (station_id, updated_at DESC, id DESC);
CREATE INDEX ix_articles_channel_sort ON articles (channel_id, sort_at DESC, id DESC);
CREATE INDEX ix_articles_channel_updated ON articles (channel_id, updated_at DESC, id DESC);
CREATE INDEX ix_articles_public_updated ON articles (status, updated_at DESC, id DESC);
CREATE INDEX ix_articles_all_updated ON articles (updated_at DESC, id DESC);
CREATE INDEX ix_articles_trash ON articles (trashed_at DESC, id DESC) WHERE status = 'trashed';

ALTER TABLE stations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE channels ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE authors ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE media ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE media ADD COLUMN uploaded_by_key_id INTEGER REFERENCES api_keys (id);

ALTER TABLE api_keys ADD COLUMN author_id INTEGER REFERENCES authors (id);
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
ALTER TABLE api_keys ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1));
ALTER TABLE api_keys ADD COLUMN last_used_at TEXT;

-- A key with rows here may work only on these stations; a key without any may work on all.
CREATE TABLE api_key_stations (
    key_id     INTEGER NOT NULL REFERENCES api_keys (id),
    station_id INTEGER NOT NULL REFERENCES stations (id),
    PRIMARY KEY (key_id, station_id)
) WITHOUT ROWID;

CREATE TABLE article_revisions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    action     TEXT NOT NULL,
    key_id     INTEGER REFERENCES api_keys (id),
    key_name   TEXT,
    author_id  INTEGER,
    content    TEXT NOT NULL,
    PRIMARY KEY (article_id, number)
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    key_id         INTEGER,
    key_name       TEXT,
    role           TEXT,
    method         TEXT NOT NULL,
    path           TEXT NOT NULL,
    operation      TEXT,
    status         INTEGER NOT NULL,
    client_address TEXT
);
