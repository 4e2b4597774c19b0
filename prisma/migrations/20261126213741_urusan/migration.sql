-- CreateEnum
CREATE TYPE "UrusanGroup" AS ENUM ('WAJIB_DASAR', 'WAJIB_NON_DASAR', 'PILIHAN');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "urusanId" INTEGER;

-- CreateTable
CREATE TABLE "Urusan" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "group" "UrusanGroup" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Urusan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Urusan_name_key" ON "Urusan"("name");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_urusanId_fkey" FOREIGN KEY ("urusanId") REFERENCES "Urusan"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The government affairs of UU 23/2014 (Lampiran): 6 basic-service, 18 non-basic-service compulsory, 8 optional.
INSERT INTO "Urusan" ("name", "group") VALUES
  ('Pendidikan', 'WAJIB_DASAR'),
  ('Kesehatan', 'WAJIB_DASAR'),
  ('Pekerjaan umum dan penataan ruang', 'WAJIB_DASAR'),
  ('Perumahan rakyat dan kawasan permukiman', 'WAJIB_DASAR'),
  ('Ketenteraman, ketertiban umum, dan pelindungan masyarakat', 'WAJIB_DASAR'),
  ('Sosial', 'WAJIB_DASAR'),
  ('Tenaga kerja', 'WAJIB_NON_DASAR'),
  ('Pemberdayaan perempuan dan pelindungan anak', 'WAJIB_NON_DASAR'),
  ('Pangan', 'WAJIB_NON_DASAR'),
  ('Pertanahan', 'WAJIB_NON_DASAR'),
  ('Lingkungan hidup', 'WAJIB_NON_DASAR'),
  ('Administrasi kependudukan dan pencatatan sipil', 'WAJIB_NON_DASAR'),
  ('Pemberdayaan masyarakat dan desa', 'WAJIB_NON_DASAR'),
  ('Pengendalian penduduk dan keluarga berencana', 'WAJIB_NON_DASAR'),
  ('Perhubungan', 'WAJIB_NON_DASAR'),
  ('Komunikasi dan informatika', 'WAJIB_NON_DASAR'),
  ('Koperasi, usaha kecil, dan menengah', 'WAJIB_NON_DASAR'),
  ('Penanaman modal', 'WAJIB_NON_DASAR'),
  ('Kepemudaan dan olahraga', 'WAJIB_NON_DASAR'),
  ('Statistik', 'WAJIB_NON_DASAR'),
  ('Persandian', 'WAJIB_NON_DASAR'),
  ('Kebudayaan', 'WAJIB_NON_DASAR'),
  ('Perpustakaan', 'WAJIB_NON_DASAR'),
  ('Kearsipan', 'WAJIB_NON_DASAR'),
  ('Kelautan dan perikanan', 'PILIHAN'),
  ('Pariwisata', 'PILIHAN'),
  ('Pertanian', 'PILIHAN'),
  ('Kehutanan', 'PILIHAN'),
  ('Energi dan sumber daya mineral', 'PILIHAN'),
  ('Perdagangan', 'PILIHAN'),
  ('Perindustrian', 'PILIHAN'),
  ('Transmigrasi', 'PILIHAN');

-- The list shows on forms: it moves the data revision too.
CREATE TRIGGER "Urusan_revision" AFTER INSERT OR UPDATE OR DELETE ON "Urusan" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Urusan_revision_truncate" AFTER TRUNCATE ON "Urusan" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
