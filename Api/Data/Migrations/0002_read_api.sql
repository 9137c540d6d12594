-- Read API: list indexes for every filter and sort, tag/author facets with their sort keys, full-text search, sync log.

-- Lists by station or channel in either order, for public and keyed callers alike (drafts are few, so a public list
-- walks the same index and skips them).
DROP INDEX ix_articles_station;
DROP INDEX ix_articles_channel;
CREATE INDEX ix_articles_station_sort ON articles (station_id, sort_at DESC, id DESC);
CREATE INDEX ix_articles_station_updated ON articles (station_id, updated_at DESC, id DESC);
CREATE INDEX ix_articles_channel_sort ON articles (channel_id, sort_at DESC, id DESC);
CREATE INDEX ix_articles_channel_updated ON articles (channel_id, updated_at DESC, id DESC);
CREATE INDEX ix_articles_public_updated ON articles (status, updated_at DESC, id DESC);
CREATE INDEX ix_articles_all_updated ON articles (updated_at DESC, id DESC);

-- One row per (tag or author, article) with the article's sort keys, so that a tag's or an author's page is an
-- ordered index walk instead of a sort of all their articles. Rewritten with the article on every write.
CREATE TABLE article_facets (
    facet      TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    sort_at    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (facet, article_id)
) WITHOUT ROWID;

CREATE INDEX ix_article_facets_sort ON article_facets (facet, sort_at DESC, article_id DESC);
CREATE INDEX ix_article_facets_updated ON article_facets (facet, updated_at DESC, article_id DESC);
CREATE INDEX ix_article_facets_article ON article_facets (article_id);

INSERT INTO article_facets (facet, article_id, status, sort_at, updated_at)
SELECT DISTINCT 'tag:' || lower(t.tag), a.id, a.status, a.sort_at, a.updated_at
FROM article_tags t JOIN articles a ON a.id = t.article_id;

INSERT OR IGNORE INTO article_facets (facet, article_id, status, sort_at, updated_at)
SELECT DISTINCT 'author:' || b.author_id, a.id, a.status, a.sort_at, a.updated_at
FROM article_bylines b JOIN articles a ON a.id = b.article_id;

-- Full-text index. Its rowid is the article id; its text is tokenized in code (Chinese as character pairs), so the
-- application fills it: a start-up check rebuilds it when its row count differs from the articles'.
CREATE VIRTUAL TABLE article_search USING fts5 (
    title, summary, body, names, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The last change of every article, numbered in commit order (seq), for offline sync. An article published for a
-- future time changes again when that time comes without any write: due_at holds that time, and the article is
-- numbered anew once it has passed.
CREATE TABLE article_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL UNIQUE,
    due_at     TEXT
);

CREATE INDEX ix_article_changes_due ON article_changes (due_at) WHERE due_at IS NOT NULL;

INSERT INTO article_changes (article_id, due_at)
SELECT id, CASE WHEN status = 'published' AND published_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now') THEN published_at END
FROM articles
ORDER BY updated_at, id;
