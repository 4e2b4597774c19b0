-- AlterTable
ALTER TABLE "Urusan" ADD COLUMN     "code" TEXT;

-- CreateTable
CREATE TABLE "PublicDataChange" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicDataChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublicDataChange_at_idx" ON "PublicDataChange"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Urusan_code_key" ON "Urusan"("code");



-- The codes of the urusan of UU 23/2014 in Permendagri 90/2019 (klasifikasi, kodefikasi
-- dan nomenklatur): 1.xx basic-service compulsory, 2.xx other compulsory, 3.xx optional.
UPDATE "Urusan" u SET "code" = v.code FROM (VALUES
  ('1.01', 'Pendidikan'),
  ('1.02', 'Kesehatan'),
  ('1.03', 'Pekerjaan umum dan penataan ruang'),
  ('1.04', 'Perumahan rakyat dan kawasan permukiman'),
  ('1.05', 'Ketenteraman, ketertiban umum, dan pelindungan masyarakat'),
  ('1.06', 'Sosial'),
  ('2.07', 'Tenaga kerja'),
  ('2.08', 'Pemberdayaan perempuan dan pelindungan anak'),
  ('2.09', 'Pangan'),
  ('2.10', 'Pertanahan'),
  ('2.11', 'Lingkungan hidup'),
  ('2.12', 'Administrasi kependudukan dan pencatatan sipil'),
  ('2.13', 'Pemberdayaan masyarakat dan desa'),
  ('2.14', 'Pengendalian penduduk dan keluarga berencana'),
  ('2.15', 'Perhubungan'),
  ('2.16', 'Komunikasi dan informatika'),
  ('2.17', 'Koperasi, usaha kecil, dan menengah'),
  ('2.18', 'Penanaman modal'),
  ('2.19', 'Kepemudaan dan olahraga'),
  ('2.20', 'Statistik'),
  ('2.21', 'Persandian'),
  ('2.22', 'Kebudayaan'),
  ('2.23', 'Perpustakaan'),
  ('2.24', 'Kearsipan'),
  ('3.25', 'Kelautan dan perikanan'),
  ('3.26', 'Pariwisata'),
  ('3.27', 'Pertanian'),
  ('3.28', 'Kehutanan'),
  ('3.29', 'Energi dan sumber daya mineral'),
  ('3.30', 'Perdagangan'),
  ('3.31', 'Perindustrian'),
  ('3.32', 'Transmigrasi')
) AS v(code, name) WHERE u."name" = v.name;

-- The open data's "modified": one row per transaction that changes a column the open
-- data carries (a plain insert: no row lock, so concurrent writers never wait on it).
-- Times are UTC, as Prisma writes them.
CREATE FUNCTION "note_public_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t TIMESTAMP(3) := (now() AT TIME ZONE 'UTC');
BEGIN
  -- A restore writes back the rows of a backup, with their history of changes (src/ops/backup.ts).
  IF current_setting('kd.restoring', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- A case matters only once it has an agreement (drafts are edited all day).
  IF TG_TABLE_NAME = 'Case' AND NOT EXISTS (SELECT 1 FROM "Agreement" WHERE "caseId" = NEW."id") THEN
    RETURN NULL;
  END IF;
  INSERT INTO "PublicDataChange" ("at") SELECT t WHERE NOT EXISTS (SELECT 1 FROM "PublicDataChange" WHERE "at" = t);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Agreement_public_data" AFTER INSERT OR DELETE ON "Agreement" FOR EACH ROW EXECUTE FUNCTION "note_public_data_change"();
CREATE TRIGGER "Agreement_public_data_update" AFTER UPDATE ON "Agreement" FOR EACH ROW
  WHEN ((OLD."kind", OLD."caseId", OLD."startDate", OLD."endDate", OLD."endedEarlyAt", OLD."value", OLD."publicMode", OLD."publicValue", OLD."publicDocument")
        IS DISTINCT FROM (NEW."kind", NEW."caseId", NEW."startDate", NEW."endDate", NEW."endedEarlyAt", NEW."value", NEW."publicMode", NEW."publicValue", NEW."publicDocument"))
  EXECUTE FUNCTION "note_public_data_change"();
CREATE TRIGGER "Case_public_data_update" AFTER UPDATE ON "Case" FOR EACH ROW
  WHEN ((OLD."title", OLD."jenis", OLD."partnerName", OLD."skpdId", OLD."urusanId") IS DISTINCT FROM (NEW."title", NEW."jenis", NEW."partnerName", NEW."skpdId", NEW."urusanId"))
  EXECUTE FUNCTION "note_public_data_change"();
CREATE TRIGGER "Skpd_public_data_update" AFTER UPDATE ON "Skpd" FOR EACH ROW
  WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "note_public_data_change"();
CREATE TRIGGER "Urusan_public_data_update" AFTER UPDATE ON "Urusan" FOR EACH ROW
  WHEN ((OLD."name", OLD."code") IS DISTINCT FROM (NEW."name", NEW."code")) EXECUTE FUNCTION "note_public_data_change"();
-- The link to a numbered copy appears or goes with the copy and a voided number.
CREATE TRIGGER "RegisterNumber_public_data" AFTER INSERT OR DELETE ON "RegisterNumber" FOR EACH ROW EXECUTE FUNCTION "note_public_data_change"();
CREATE TRIGGER "RegisterNumber_public_data_update" AFTER UPDATE ON "RegisterNumber" FOR EACH ROW
  WHEN ((OLD."copyId", OLD."voidedAt") IS DISTINCT FROM (NEW."copyId", NEW."voidedAt")) EXECUTE FUNCTION "note_public_data_change"();

-- The register has been public since migration public_register: the dataset's first change.
INSERT INTO "PublicDataChange" ("at")
SELECT coalesce((SELECT min(finished_at) AT TIME ZONE 'UTC' FROM "_prisma_migrations" WHERE migration_name LIKE '%\_public\_register'), now() AT TIME ZONE 'UTC');
