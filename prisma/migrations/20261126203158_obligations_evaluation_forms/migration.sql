-- CreateEnum
CREATE TYPE "ObligationParty" AS ENUM ('PEMKOT', 'MITRA');

-- AlterTable: evaluations become two forms (P3ADK assessment, SKPD self-report) from one item bank.
ALTER TABLE "Evaluation" ADD COLUMN     "answers" JSONB,
ADD COLUMN     "obligations" JSONB,
ADD COLUMN     "score" DOUBLE PRECISION,
ADD COLUMN     "selfAnswers" JSONB,
ADD COLUMN     "selfCompletedAt" TIMESTAMP(3),
ADD COLUMN     "selfCompletedById" INTEGER,
ADD COLUMN     "selfRecommendation" TEXT,
ADD COLUMN     "selfScore" DOUBLE PRECISION,
ADD COLUMN     "selfTaskId" INTEGER;

-- Evaluations filled in before: their six scores become answers under the item bank's keys.
UPDATE "Evaluation" SET
  "answers" = jsonb_build_object(
    'kesesuaian_tujuan', "fitScore", 'ketepatan_waktu', "timelinessScore", 'kontribusi_mitra', "partnerScore",
    'koordinasi', "coordinationScore", 'capaian_indikator', "outcomeScore", 'kelengkapan_dokumen', "documentScore",
    'kendala', "findings", 'rekomendasi', "recommendation"),
  "score" = ("fitScore" + "timelinessScore" + "partnerScore" + "coordinationScore" + "outcomeScore" + "documentScore") / 6.0
WHERE "completedAt" IS NOT NULL AND "fitScore" IS NOT NULL;

ALTER TABLE "Evaluation" DROP COLUMN "coordinationScore",
DROP COLUMN "documentScore",
DROP COLUMN "fitScore",
DROP COLUMN "outcomeScore",
DROP COLUMN "partnerScore",
DROP COLUMN "timelinessScore";

-- CreateTable
CREATE TABLE "Obligation" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "party" "ObligationParty" NOT NULL,
    "description" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "unit" TEXT NOT NULL,
    "dueOn" DATE NOT NULL,
    "contribution" BIGINT,
    "realised" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "realisedAt" TIMESTAMP(3),
    "overdueNotifiedOn" DATE,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" INTEGER,
    "cancelReason" TEXT,

    CONSTRAINT "Obligation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObligationRealisation" (
    "id" SERIAL NOT NULL,
    "obligationId" INTEGER NOT NULL,
    "reportId" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ObligationRealisation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Obligation_caseId_idx" ON "Obligation"("caseId");

-- CreateIndex
CREATE INDEX "Obligation_dueOn_idx" ON "Obligation"("dueOn");

-- CreateIndex
CREATE INDEX "ObligationRealisation_obligationId_idx" ON "ObligationRealisation"("obligationId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_selfTaskId_key" ON "Evaluation"("selfTaskId");

-- AddForeignKey
ALTER TABLE "Obligation" ADD CONSTRAINT "Obligation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObligationRealisation" ADD CONSTRAINT "ObligationRealisation_obligationId_fkey" FOREIGN KEY ("obligationId") REFERENCES "Obligation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObligationRealisation" ADD CONSTRAINT "ObligationRealisation_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Obligations and their realisation show on pages: they move the data revision too.
CREATE TRIGGER "Obligation_revision" AFTER INSERT OR UPDATE OR DELETE ON "Obligation" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Obligation_revision_truncate" AFTER TRUNCATE ON "Obligation" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "ObligationRealisation_revision" AFTER INSERT OR UPDATE OR DELETE ON "ObligationRealisation" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "ObligationRealisation_revision_truncate" AFTER TRUNCATE ON "ObligationRealisation" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
