-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "emailAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "emailClaimedUntil" TIMESTAMP(3),
ADD COLUMN     "emailNextAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "leaseUntil" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

