-- A search filters every match by status, publish time, station and channel before it ranks them. Read from the
-- articles table, each check seeks the row and reads past its body (stored before status, usually in overflow pages):
-- five times the cost of the ranking itself at 10,000 articles. This index holds those columns keyed by id, so the
-- check of a match reads one small index entry instead (ArticleListSql names it with INDEXED BY).
CREATE INDEX ix_articles_search_filter ON articles (id, status, sort_at, station_id, channel_id);
