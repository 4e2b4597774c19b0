-- Search finds documents by the words of their file names too ("kajian-parkir.pdf"
-- → kajian, parkir, pdf); the search query uses exactly this expression.
CREATE INDEX "Document_name_fts" ON "Document" USING GIN (to_tsvector('simple', regexp_replace("originalName", '[^[:alnum:]]+', ' ', 'g')));
