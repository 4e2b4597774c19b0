-- AlterTable
ALTER TABLE "RegisterNumber" ADD COLUMN     "copyId" INTEGER,
ADD COLUMN     "verifyToken" TEXT;

-- AlterTable
ALTER TABLE "Distribution" ADD COLUMN     "copyId" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "RegisterNumber_verifyToken_key" ON "RegisterNumber"("verifyToken");

-- AddForeignKey
ALTER TABLE "RegisterNumber" ADD CONSTRAINT "RegisterNumber_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Distribution" ADD CONSTRAINT "Distribution_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

