-- migrator: foreign-keys-off
-- Sync that cannot silently diverge. Every table whose ids clients see is rebuilt with AUTOINCREMENT, so that an id is
-- never given again, also after the row with the highest id is deleted for good (plain INTEGER PRIMARY KEY reuses it).
-- Articles start above every id the sync log has named, since a tombstone for a deleted article may still be in an app.
-- article_sync_scopes records where an article was ever public, so a tombstone goes only to readers who could have
-- seen it. Tables that refer to these keep referring to them by name; the search index, facets and sync log (keyed by
-- article id, not rowid) are not touched.

CREATE TABLE stations_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT,
    hotline     TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

INSERT INTO stations_new (id, slug, name, description, hotline, sort_order, created_at, updated_at, version)
SELECT id, slug, name, description, hotline, sort_order, created_at, updated_at, version FROM stations;

DROP TABLE stations;
ALTER TABLE stations_new RENAME TO stations;

CREATE INDEX ix_stations_order ON stations (sort_order, id);

CREATE TABLE channels_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (station_id, slug),
    UNIQUE (id, station_id)
);

INSERT INTO channels_new (id, station_id, slug, name, sort_order, created_at, updated_at, version)
SELECT id, station_id, slug, name, sort_order, created_at, updated_at, version FROM channels;

DROP TABLE channels;
ALTER TABLE channels_new RENAME TO channels;

CREATE INDEX ix_channels_order ON channels (station_id, sort_order, id);

CREATE TABLE media_new (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    storage_name          TEXT NOT NULL,
    original_storage_name TEXT,
    original_sha256       TEXT NOT NULL,
    file_name             TEXT NOT NULL,
    content_type          TEXT NOT NULL,
    byte_size             INTEGER NOT NULL,
    sha256                TEXT NOT NULL,
    width                 INTEGER,
    height                INTEGER,
    alt                   TEXT,
    caption               TEXT,
    credit                TEXT,
    focal_x               REAL CHECK (focal_x BETWEEN 0 AND 1),
    focal_y               REAL CHECK (focal_y BETWEEN 0 AND 1),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    uploaded_by_key_id    INTEGER REFERENCES api_keys (id),
    CHECK ((focal_x IS NULL) = (focal_y IS NULL))
);

INSERT INTO media_new (id, storage_name, original_storage_name, original_sha256, file_name, content_type, byte_size, sha256, width,
                       height, alt, caption, credit, focal_x, focal_y, created_at, updated_at, version, uploaded_by_key_id)
SELECT id, storage_name, original_storage_name, original_sha256, file_name, content_type, byte_size, sha256, width,
       height, alt, caption, credit, focal_x, focal_y, created_at, updated_at, version, uploaded_by_key_id
FROM media;

DROP TABLE media;
ALTER TABLE media_new RENAME TO media;

CREATE INDEX ix_media_sha256 ON media (sha256);
CREATE INDEX ix_media_original_sha256 ON media (original_sha256);
CREATE INDEX ix_media_storage ON media (storage_name);
CREATE INDEX ix_media_uploader ON media (uploaded_by_key_id, id);
CREATE INDEX ix_media_type ON media (content_type, id);

CREATE TABLE authors_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    bio             TEXT,
    avatar_media_id INTEGER REFERENCES media (id),
    email           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

INSERT INTO authors_new (id, slug, name, bio, avatar_media_id, email, created_at, updated_at, version)
SELECT id, slug, name, bio, avatar_media_id, email, created_at, updated_at, version FROM authors;

DROP TABLE authors;
ALTER TABLE authors_new RENAME TO authors;

CREATE INDEX ix_authors_avatar ON authors (avatar_media_id);

CREATE TABLE api_keys_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    author_id    INTEGER REFERENCES authors (id),
    expires_at   TEXT,
    read_only    INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    last_used_at TEXT
);

INSERT INTO api_keys_new (id, name, prefix, key_hash, role, created_at, revoked_at, author_id, expires_at, read_only, last_used_at)
SELECT id, name, prefix, key_hash, role, created_at, revoked_at, author_id, expires_at, read_only, last_used_at FROM api_keys;

DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;

CREATE TABLE articles_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
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

INSERT INTO articles_new (id, station_id, channel_id, title, subtitle, summary, body_html, status, trashed_from, trashed_at, published_at,
                          source, credit, cover_media_id, created_at, updated_at, version, created_by_key_id)
SELECT id, station_id, channel_id, title, subtitle, summary, body_html, status, trashed_from, trashed_at, published_at,
       source, credit, cover_media_id, created_at, updated_at, version, created_by_key_id
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

DELETE FROM sqlite_sequence WHERE name = 'articles';
INSERT INTO sqlite_sequence (name, seq)
VALUES ('articles', MAX((SELECT COALESCE(MAX(id), 0) FROM articles), (SELECT COALESCE(MAX(article_id), 0) FROM article_changes)));

-- Every (station, channel) an article was public in. Station 0 and channel 0 stand for "anywhere": an article that left
-- the public view before this table existed, whose scope is no longer known, reaches every reader as a tombstone.
CREATE TABLE article_sync_scopes (
    article_id INTEGER NOT NULL,
    station_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (article_id, station_id, channel_id)
) WITHOUT ROWID;

INSERT INTO article_sync_scopes (article_id, station_id, channel_id)
SELECT id, station_id, channel_id FROM articles
WHERE status = 'published' AND published_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now');

-- Deleted articles, and unpublished, archived or trashed ones that have a publish time, may have been public: they keep
-- their tombstone. A draft that never had a publish time was never public and gets none.
INSERT OR IGNORE INTO article_sync_scopes (article_id, station_id, channel_id)
SELECT c.article_id, 0, 0 FROM article_changes c LEFT JOIN articles a ON a.id = c.article_id
WHERE a.id IS NULL OR (a.status <> 'published' AND a.published_at IS NOT NULL);
