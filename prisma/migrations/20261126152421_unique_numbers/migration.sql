-- A register number must identify exactly one document. Until now MoU and PKS had
-- their own counters but shared a format, so an MoU and its PKS could get the same
-- number. From now on each series (domestic: KSDD, KSDPK; foreign: KSDPL) has one
-- sequence per year for both kinds, and every formatted number is unique.
-- Duplicates already issued are resolved like this: the earlier number stays; the
-- later one is voided with a reason (its text marked so the unique index holds),
-- recorded in "NumberCollision" and listed for ADMIN on /admin/pengaturan, so that the
-- Penatalaksana gives that document a replacement number.

DROP INDEX "RegisterNumber_kind_year_seq_key";

-- Which series each existing number belongs to.
ALTER TABLE "RegisterNumber" ADD COLUMN "series" TEXT;
UPDATE "RegisterNumber" r
   SET "series" = CASE WHEN c."jenis" = 'KSDPL' THEN 'foreign' ELSE 'domestic' END
  FROM "Case" c
 WHERE c."id" = r."caseId";
UPDATE "RegisterNumber" SET "series" = 'domestic' WHERE "series" IS NULL;
ALTER TABLE "RegisterNumber" ALTER COLUMN "series" SET NOT NULL;

CREATE TABLE "NumberCollision" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "keptId" INTEGER NOT NULL,
    "voidedId" INTEGER NOT NULL,
    "caseId" INTEGER NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NumberCollision_pkey" PRIMARY KEY ("id")
);

-- The same text given twice: keep the first, record the others.
INSERT INTO "NumberCollision" ("number", "keptId", "voidedId", "caseId")
SELECT "number", "kept", "id", "caseId"
  FROM (SELECT "id", "caseId", "number",
               first_value("id") OVER (PARTITION BY "number" ORDER BY "id") AS "kept",
               row_number() OVER (PARTITION BY "number" ORDER BY "id") AS "n"
          FROM "RegisterNumber") d
 WHERE d."n" > 1;

UPDATE "RegisterNumber" r
   SET "voidedAt" = COALESCE(r."voidedAt", CURRENT_TIMESTAMP),
       "voidReason" = COALESCE(r."voidReason", '') ||
         CASE WHEN r."voidReason" IS NULL THEN '' ELSE ' / ' END ||
         'Nomor ganda: ' || r."number" || ' juga dipakai dokumen lain. Dibatalkan otomatis saat nomor dibuat unik; berikan nomor pengganti.',
       "number" = r."number" || ' (ganda #' || r."id" || ')',
       "seq" = -r."id"
  FROM "NumberCollision" k
 WHERE k."voidedId" = r."id";

-- Numbers with different texts but the same place in their series (the format was
-- changed in between) stay valid; the later ones leave the sequence's bookkeeping.
UPDATE "RegisterNumber" r
   SET "seq" = -r."id"
 WHERE r."seq" > 0
   AND EXISTS (SELECT 1 FROM "RegisterNumber" o
                WHERE o."series" = r."series" AND o."year" = r."year" AND o."seq" = r."seq" AND o."id" < r."id");

-- One counter per series and year, continuing after the highest number given.
DROP TABLE "NumberCounter";
CREATE TABLE "NumberCounter" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "NumberCounter_pkey" PRIMARY KEY ("series", "year")
);
INSERT INTO "NumberCounter" ("series", "year", "last")
SELECT "series", "year", max("seq") FROM "RegisterNumber" WHERE "seq" > 0 GROUP BY "series", "year";

-- CreateIndex
CREATE UNIQUE INDEX "RegisterNumber_number_key" ON "RegisterNumber"("number");

-- CreateIndex
CREATE UNIQUE INDEX "RegisterNumber_series_year_seq_key" ON "RegisterNumber"("series", "year", "seq");
