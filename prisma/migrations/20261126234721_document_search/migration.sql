-- CreateTable
CREATE TABLE "BlobText" (
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "text" TEXT,
    "error" TEXT,
    "claimedAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlobText_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE INDEX "BlobText_status_idx" ON "BlobText"("status");


-- Full-text search (the 'simple' configuration: no stemming, works for Indonesian
-- and in PGlite). The search queries use exactly these expressions.
CREATE INDEX "BlobText_fts" ON "BlobText" USING GIN (to_tsvector('simple', coalesce("text", '')));
CREATE INDEX "Case_fts" ON "Case" USING GIN (to_tsvector('simple', coalesce("title", '') || ' ' || coalesce("partnerName", '') || ' ' || coalesce("objek", '') || ' ' || coalesce("ruangLingkup", '') || ' ' || coalesce("bidang", '') || ' ' || coalesce("manfaat", '')));

-- Documents already stored wait for their text.
INSERT INTO "BlobText" ("sha256", "status")
SELECT DISTINCT "sha256", 'PENDING' FROM "Document"
WHERE "mime" IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
ON CONFLICT DO NOTHING;
