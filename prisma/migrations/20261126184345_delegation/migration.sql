-- CreateTable
CREATE TABLE "Delegation" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "actingId" INTEGER NOT NULL,
    "absentId" INTEGER NOT NULL,
    "fromDay" DATE NOT NULL,
    "untilDay" DATE NOT NULL,
    "decreeNumber" TEXT NOT NULL,
    "decreeSha256" TEXT NOT NULL,
    "decreeName" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedById" INTEGER,
    "endReason" TEXT,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delegation_actingId_untilDay_idx" ON "Delegation"("actingId", "untilDay");

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_actingId_fkey" FOREIGN KEY ("actingId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_absentId_fkey" FOREIGN KEY ("absentId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Acting officials change what their holders see: they move the data revision too.
CREATE TRIGGER "Delegation_revision" AFTER INSERT OR UPDATE OR DELETE ON "Delegation" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Delegation_revision_truncate" AFTER TRUNCATE ON "Delegation" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
