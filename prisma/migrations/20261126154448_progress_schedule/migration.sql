-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "progressEveryMonths" INTEGER NOT NULL DEFAULT 3;

