-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "resumeRow" INTEGER;

