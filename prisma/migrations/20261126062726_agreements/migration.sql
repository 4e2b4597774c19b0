-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('ROW', 'EVALUATION');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "legacy" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mouEnd" DATE,
ADD COLUMN     "renewalOfId" INTEGER;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "actualDays" INTEGER,
ADD COLUMN     "kind" "TaskKind" NOT NULL DEFAULT 'ROW',
ADD COLUMN     "onTime" BOOLEAN;

-- CreateTable
CREATE TABLE "Agreement" (
    "id" SERIAL NOT NULL,
    "kind" "NumberKind" NOT NULL,
    "caseId" INTEGER NOT NULL,
    "cityNumber" TEXT,
    "partnerNumber" TEXT,
    "signedOn" DATE,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "value" BIGINT,
    "endedEarlyAt" DATE,
    "endedEarlyReason" TEXT,
    "legacy" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "taskId" INTEGER,
    "dueOn" DATE NOT NULL,
    "fitScore" INTEGER,
    "timelinessScore" INTEGER,
    "partnerScore" INTEGER,
    "coordinationScore" INTEGER,
    "outcomeScore" INTEGER,
    "documentScore" INTEGER,
    "findings" TEXT,
    "recommendation" TEXT,
    "completedById" INTEGER,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressReport" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "progress" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,
    "achievement" TEXT NOT NULL,
    "obstacle" TEXT,
    "solution" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgressReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT,
    "emailedAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "name" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "summary" JSONB,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("name","day")
);

-- CreateIndex
CREATE INDEX "Agreement_endDate_idx" ON "Agreement"("endDate");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_caseId_kind_key" ON "Agreement"("caseId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_taskId_key" ON "Evaluation"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_caseId_period_key" ON "Evaluation"("caseId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_renewalOfId_fkey" FOREIGN KEY ("renewalOfId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReport" ADD CONSTRAINT "ProgressReport_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

