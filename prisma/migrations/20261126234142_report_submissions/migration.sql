-- CreateTable
CREATE TABLE "ReportSubmission" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "sentOn" DATE NOT NULL,
    "agreements" INTEGER NOT NULL,
    "incomplete" INTEGER NOT NULL,
    "xlsxSha256" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "sentById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportSubmission_period_idx" ON "ReportSubmission"("period");

