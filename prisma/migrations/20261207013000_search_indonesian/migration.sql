-- Search with Indonesian stemming (the Snowball stemmer that PostgreSQL and PGlite both
-- ship as the 'indonesian' configuration): "angkut" finds "pengangkutan". The three
-- full-text indexes are rebuilt on the new configuration; src/search/search-service.ts
-- queries with exactly these expressions, so that the indexes serve them.
DROP INDEX IF EXISTS "Case_fts";
CREATE INDEX "Case_fts" ON "Case" USING GIN (to_tsvector('indonesian', coalesce("title", '') || ' ' || coalesce("partnerName", '') || ' ' || coalesce("objek", '') || ' ' || coalesce("ruangLingkup", '') || ' ' || coalesce("bidang", '') || ' ' || coalesce("manfaat", '')));

DROP INDEX IF EXISTS "BlobText_fts";
CREATE INDEX "BlobText_fts" ON "BlobText" USING GIN (to_tsvector('indonesian', coalesce("text", '')));

DROP INDEX IF EXISTS "Document_name_fts";
CREATE INDEX "Document_name_fts" ON "Document" USING GIN (to_tsvector('indonesian', regexp_replace("originalName", '[^[:alnum:]]+', ' ', 'g')));
