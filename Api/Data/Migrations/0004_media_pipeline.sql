-- migrator: foreign-keys-off
-- Media pipeline: the served file is the upload re-encoded upright and without metadata (GPS included); identical
-- uploads share it; the upload itself is kept only when configured; a focal point steers crops. Rebuilt because the
-- served file name was unique, and identical uploads now share it.

CREATE TABLE media_new (
    id                    INTEGER PRIMARY KEY,
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

INSERT INTO media_new (id, storage_name, original_sha256, file_name, content_type, byte_size, sha256, width, height, alt, caption,
                       credit, created_at, updated_at, version, uploaded_by_key_id)
SELECT id, storage_name, sha256, file_name, content_type, byte_size, sha256, width, height, alt, caption,
       credit, created_at, updated_at, version, uploaded_by_key_id
FROM media;

DROP TABLE media;
ALTER TABLE media_new RENAME TO media;

CREATE INDEX ix_media_sha256 ON media (sha256);
CREATE INDEX ix_media_original_sha256 ON media (original_sha256);
CREATE INDEX ix_media_storage ON media (storage_name);
CREATE INDEX ix_media_uploader ON media (uploaded_by_key_id, id);
CREATE INDEX ix_media_type ON media (content_type, id);
