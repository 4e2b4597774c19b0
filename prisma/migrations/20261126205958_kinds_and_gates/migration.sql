-- AlterEnum: Sinergi (ministries, agencies, state universities, BI, TNI, Polri) and KSDLL (foreign institutions).
-- Not used in this migration, so adding both in one transaction is allowed (PostgreSQL 12+).

ALTER TYPE "Jenis" ADD VALUE 'SINERGI';
ALTER TYPE "Jenis" ADD VALUE 'KSDLL';

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "burdensPublic" BOOLEAN,
ADD COLUMN     "ksddNature" TEXT,
ADD COLUMN     "outsideApbd" BOOLEAN;

-- CreateTable
CREATE TABLE "CaseGate" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "gate" TEXT NOT NULL,
    "letterNumber" TEXT NOT NULL,
    "letterDate" DATE NOT NULL,
    "documentId" INTEGER NOT NULL,
    "recordedById" INTEGER NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseGate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseGate_caseId_gate_idx" ON "CaseGate"("caseId", "gate");

-- AddForeignKey
ALTER TABLE "CaseGate" ADD CONSTRAINT "CaseGate_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Approvals show on pages: they move the data revision too.
CREATE TRIGGER "CaseGate_revision" AFTER INSERT OR UPDATE OR DELETE ON "CaseGate" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "CaseGate_revision_truncate" AFTER TRUNCATE ON "CaseGate" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
