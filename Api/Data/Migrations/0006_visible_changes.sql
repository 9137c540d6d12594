-- When an article last changed as its readers see it: its last write, or the moment it goes public when that comes
-- later (an article scheduled for a future time changes without a write when that time comes). Lists filtered by
-- updatedSince or sorted by -updatedAt walk indexes on it. A virtual column (SQLite can add no stored one in place)
-- costs nothing to store, and its indexes hold its values.
ALTER TABLE articles ADD COLUMN changed_at TEXT GENERATED ALWAYS AS (
    CASE WHEN status = 'published' AND sort_at > updated_at THEN sort_at ELSE updated_at END) VIRTUAL;

-- The index rows of tags and authors copy the article's status and times; the same rule from those copies.
ALTER TABLE article_facets ADD COLUMN changed_at TEXT GENERATED ALWAYS AS (
    CASE WHEN status = 'published' AND sort_at > updated_at THEN sort_at ELSE updated_at END) VIRTUAL;

DROP INDEX IF EXISTS ix_articles_station_updated;
DROP INDEX IF EXISTS ix_articles_channel_updated;
DROP INDEX IF EXISTS ix_articles_public_updated;
DROP INDEX IF EXISTS ix_articles_all_updated;
DROP INDEX IF EXISTS ix_article_facets_updated;

CREATE INDEX ix_articles_station_changed ON articles (station_id, changed_at DESC, id DESC);
CREATE INDEX ix_articles_channel_changed ON articles (channel_id, changed_at DESC, id DESC);
CREATE INDEX ix_articles_public_changed ON articles (status, changed_at DESC, id DESC);
CREATE INDEX ix_articles_all_changed ON articles (changed_at DESC, id DESC);
CREATE INDEX ix_article_facets_changed ON article_facets (facet, changed_at DESC, article_id DESC);
