-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "publicDocument" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publicMode" TEXT NOT NULL DEFAULT 'AUTO',
ADD COLUMN     "publicValue" BOOLEAN NOT NULL DEFAULT false;

