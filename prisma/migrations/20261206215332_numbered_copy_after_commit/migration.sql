-- AlterTable
ALTER TABLE "RegisterNumber" ADD COLUMN     "copyAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "copyDue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "copyError" TEXT,
ADD COLUMN     "copyNextAt" TIMESTAMP(3);

