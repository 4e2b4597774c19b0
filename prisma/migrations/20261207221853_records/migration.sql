-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "accessClass" TEXT NOT NULL DEFAULT 'biasa',
ADD COLUMN     "activeYears" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "classificationCode" TEXT NOT NULL DEFAULT '100.3.7',
ADD COLUMN     "disposition" TEXT NOT NULL DEFAULT 'dinilai_kembali',
ADD COLUMN     "inactiveYears" INTEGER NOT NULL DEFAULT 3;

-- CreateTable
CREATE TABLE "DocumentKindRecord" (
    "kind" TEXT NOT NULL,
    "classificationCode" TEXT NOT NULL,
    "activeYears" INTEGER NOT NULL,
    "inactiveYears" INTEGER NOT NULL,
    "disposition" TEXT NOT NULL,
    "accessClass" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" INTEGER,

    CONSTRAINT "DocumentKindRecord_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "DisposalDecision" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "decision" TEXT NOT NULL,
    "decreeNumber" TEXT NOT NULL,
    "decreeDate" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisposalDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DisposalDecision_documentId_idx" ON "DisposalDecision"("documentId");

-- AddForeignKey
ALTER TABLE "DisposalDecision" ADD CONSTRAINT "DisposalDecision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The defaults per document kind (core/documents/records.ts DEFAULT_RECORDS; docs/records.md gives the reasons).
INSERT INTO "DocumentKindRecord" ("kind", "classificationCode", "activeYears", "inactiveYears", "disposition", "accessClass") VALUES
  ('surat', '100.3.7', 2, 3, 'musnah', 'biasa'),
  ('undangan', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('kak', '100.3.7', 2, 5, 'dinilai_kembali', 'biasa'),
  ('studi_kelayakan', '100.3.7', 2, 5, 'dinilai_kembali', 'terbatas'),
  ('sk_ppksd', '100.3.7', 2, 5, 'musnah', 'biasa'),
  ('persetujuan', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('notulen', '100.3.7', 2, 8, 'permanen', 'terbatas'),
  ('telaah', '100.3.7', 2, 5, 'dinilai_kembali', 'terbatas'),
  ('disposisi', '100.3.7', 2, 8, 'permanen', 'terbatas'),
  ('rencana_ks', '100.3.7', 2, 5, 'dinilai_kembali', 'biasa'),
  ('draft_surat_penawaran', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('surat_penawaran', '100.3.7', 2, 5, 'musnah', 'biasa'),
  ('tanda_kirim', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('tanda_terima', '100.3.7', 2, 3, 'musnah', 'biasa'),
  ('surat_jawaban', '100.3.7', 2, 5, 'musnah', 'biasa'),
  ('draft_mou', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('mou_final', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('mou_signed', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('mou_bernomor', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('draft_pks', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('pks_final', '100.3.7', 1, 2, 'musnah', 'biasa'),
  ('pks_signed', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('pks_bernomor', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('surat_kuasa', '100.3.7', 2, 8, 'permanen', 'terbatas'),
  ('laporan', '100.3.7', 2, 5, 'dinilai_kembali', 'biasa'),
  ('bukti_kemajuan', '100.3.7', 2, 3, 'musnah', 'biasa'),
  ('laporan_evaluasi', '100.3.7', 2, 8, 'permanen', 'biasa'),
  ('lainnya', '100.3.7', 2, 3, 'dinilai_kembali', 'biasa');

-- Every existing document carries its kind's metadata (a kind unknown here keeps the column defaults).
UPDATE "Document" d SET "classificationCode" = k."classificationCode", "activeYears" = k."activeYears", "inactiveYears" = k."inactiveYears",
       "disposition" = k."disposition", "accessClass" = k."accessClass"
  FROM "DocumentKindRecord" k WHERE k."kind" = d."kind";

-- The case page and the retention report show them: they move the data revision too.
CREATE TRIGGER "DocumentKindRecord_revision" AFTER INSERT OR UPDATE OR DELETE ON "DocumentKindRecord" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "DocumentKindRecord_revision_truncate" AFTER TRUNCATE ON "DocumentKindRecord" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "DisposalDecision_revision" AFTER INSERT OR UPDATE OR DELETE ON "DisposalDecision" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "DisposalDecision_revision_truncate" AFTER TRUNCATE ON "DisposalDecision" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
