-- AlterTable
ALTER TABLE "RegisterNumber" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'APLIKASI',
ADD COLUMN     "sourceDate" DATE,
ALTER COLUMN "seq" DROP NOT NULL;

-- CreateTable
CREATE TABLE "SrikandiLetterNumber" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "letter" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "numberedOn" DATE NOT NULL,
    "documentId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SrikandiLetterNumber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SrikandiLetterNumber_number_key" ON "SrikandiLetterNumber"("number");

-- CreateIndex
CREATE UNIQUE INDEX "SrikandiLetterNumber_caseId_letter_key" ON "SrikandiLetterNumber"("caseId", "letter");

-- AddForeignKey
ALTER TABLE "SrikandiLetterNumber" ADD CONSTRAINT "SrikandiLetterNumber_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Pages show these rows: writes move the data revision (see the data_revision migration).
CREATE TRIGGER "SrikandiLetterNumber_revision" AFTER INSERT OR UPDATE OR DELETE ON "SrikandiLetterNumber" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "SrikandiLetterNumber_revision_truncate" AFTER TRUNCATE ON "SrikandiLetterNumber" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
