-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "pksSignatory" TEXT,
ADD COLUMN     "suratKuasaDate" DATE,
ADD COLUMN     "suratKuasaNumber" TEXT;

