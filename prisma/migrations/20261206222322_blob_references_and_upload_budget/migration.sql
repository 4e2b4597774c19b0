-- Bytes that no row refers to are removed by a sweep (src/jobs/sweeps.ts) a grace period
-- after they were last stored or sent ("lastUsedAt"). The foreign keys make it certain
-- that a row never refers to removed bytes: a writer and the sweep racing on the same
-- Blob cannot both succeed. NOT VALID: rows written before (a document whose file was
-- missing when the bytes moved into the database) are not checked; new rows are.
-- AlterTable
ALTER TABLE "Blob" ADD COLUMN     "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "UploadUsage" (
    "userId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "UploadUsage_pkey" PRIMARY KEY ("userId","day")
);

-- CreateIndex
CREATE INDEX "Blob_lastUsedAt_idx" ON "Blob"("lastUsedAt");

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_decreeSha256_fkey" FOREIGN KEY ("decreeSha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "TkksdMeeting" ADD CONSTRAINT "TkksdMeeting_minutesSha256_fkey" FOREIGN KEY ("minutesSha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "LetterTemplate" ADD CONSTRAINT "LetterTemplate_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "ReportSubmission" ADD CONSTRAINT "ReportSubmission_xlsxSha256_fkey" FOREIGN KEY ("xlsxSha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;

-- AddForeignKey
ALTER TABLE "ReportSubmission" ADD CONSTRAINT "ReportSubmission_pdfSha256_fkey" FOREIGN KEY ("pdfSha256") REFERENCES "Blob"("sha256") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;


-- CreateIndex
CREATE INDEX "Document_sha256_idx" ON "Document"("sha256");
