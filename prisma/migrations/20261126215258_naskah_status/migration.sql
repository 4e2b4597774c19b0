-- CreateEnum
CREATE TYPE "NaskahStatus" AS ENUM ('BARU', 'ADENDUM', 'PERPANJANGAN');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "naskahStatus" "NaskahStatus" NOT NULL DEFAULT 'BARU',
ADD COLUMN     "parentCaseId" INTEGER;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_parentCaseId_fkey" FOREIGN KEY ("parentCaseId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Renewal cases made before this migration extend their predecessor.
UPDATE "Case" SET "naskahStatus" = 'PERPANJANGAN', "parentCaseId" = "renewalOfId" WHERE "renewalOfId" IS NOT NULL;
