-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "expiryDecidedAt" TIMESTAMP(3),
ADD COLUMN     "expiryDecidedById" INTEGER,
ADD COLUMN     "expiryDecision" TEXT;

