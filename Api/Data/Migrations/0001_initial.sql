-- Times are UTC ISO-8601 text of fixed width (yyyy-MM-ddTHH:mm:ss.fffZ), so text order is time order.

CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    prefix     TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE health_checks (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);

CREATE TABLE stations (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT,
    hotline     TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX ix_stations_order ON stations (sort_order, id);

CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (station_id, slug),
    UNIQUE (id, station_id)
);

CREATE INDEX ix_channels_order ON channels (station_id, sort_order, id);

CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    storage_name TEXT NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size    INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    width        INTEGER,
    height       INTEGER,
    alt          TEXT,
    caption      TEXT,
    credit       TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX ix_media_sha256 ON media (sha256);

CREATE TABLE authors (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    bio             TEXT,
    avatar_media_id INTEGER REFERENCES media (id),
    email           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX ix_authors_avatar ON authors (avatar_media_id);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    station_id     INTEGER NOT NULL REFERENCES stations (id),
    channel_id     INTEGER NOT NULL,
    title          TEXT NOT NULL,
    subtitle       TEXT,
    summary        TEXT,
    body_html      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at   TEXT,
    source         TEXT,
    credit         TEXT,
    cover_media_id INTEGER REFERENCES media (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- Lists order by this key: the publish time, or the creation time of a draft that has none.
    sort_at        TEXT GENERATED ALWAYS AS (COALESCE(published_at, created_at)) VIRTUAL,
    FOREIGN KEY (channel_id, station_id) REFERENCES channels (id, station_id)
);

CREATE INDEX ix_articles_public ON articles (status, sort_at DESC, id DESC);
CREATE INDEX ix_articles_all ON articles (sort_at DESC, id DESC);
CREATE INDEX ix_articles_station ON articles (station_id, status, sort_at DESC, id DESC);
CREATE INDEX ix_articles_channel ON articles (channel_id, status, sort_at DESC, id DESC);
CREATE INDEX ix_articles_cover ON articles (cover_media_id);

CREATE TABLE article_bylines (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    role       TEXT NOT NULL CHECK (role IN ('reporter', 'correspondent', 'photographer', 'editor', 'writer')),
    PRIMARY KEY (article_id, position)
);

CREATE INDEX ix_article_bylines_author ON article_bylines (author_id, article_id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (article_id, position)
);

CREATE INDEX ix_article_tags_tag ON article_tags (tag, article_id);

CREATE TABLE article_media (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    media_id   INTEGER NOT NULL REFERENCES media (id),
    caption    TEXT,
    PRIMARY KEY (article_id, position)
);

CREATE INDEX ix_article_media_media ON article_media (media_id);

-- Media referenced by <img> elements inside body_html, kept so that a used medium cannot be deleted.
CREATE TABLE article_inline_media (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    media_id   INTEGER NOT NULL REFERENCES media (id),
    PRIMARY KEY (article_id, media_id)
);

CREATE INDEX ix_article_inline_media_media ON article_inline_media (media_id);
