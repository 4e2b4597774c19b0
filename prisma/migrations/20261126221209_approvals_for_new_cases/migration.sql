-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "approvalsRequired" BOOLEAN NOT NULL DEFAULT true;


-- Cases already under way keep the definition they started with: their signings are
-- not held up by approvals that did not exist when they began.
UPDATE "Case" SET "approvalsRequired" = false;
