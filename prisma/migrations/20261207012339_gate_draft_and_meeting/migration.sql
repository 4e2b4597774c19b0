-- AlterTable
ALTER TABLE "CaseGate" ADD COLUMN     "draftDocumentId" INTEGER,
ADD COLUMN     "meetingId" INTEGER;

