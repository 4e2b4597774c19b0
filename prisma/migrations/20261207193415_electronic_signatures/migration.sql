-- CreateEnum
CREATE TYPE "SignatureStatus" AS ENUM ('PENDING', 'SIGNED', 'FAILED', 'UNKNOWN');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "nik" TEXT;

-- CreateTable
CREATE TABLE "LocalSigningCa" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "certPem" TEXT NOT NULL,
    "keySealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalSigningCa_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignerCertificate" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "p12" BYTEA NOT NULL,
    "subject" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "SignerCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustAnchor" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "certPem" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "addedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustAnchor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignatureRequest" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "signerAs" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "SignatureStatus" NOT NULL DEFAULT 'PENDING',
    "openFor" INTEGER,
    "verifyToken" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "providerTime" TIMESTAMP(3),
    "resultDocumentId" INTEGER,
    "error" TEXT,
    "settledById" INTEGER,
    "settledNote" TEXT,

    CONSTRAINT "SignatureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PdfSignatureCheck" (
    "sha256" TEXT NOT NULL,
    "conclusion" TEXT,
    "signatures" JSONB,
    "anchors" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "PdfSignatureCheck_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE INDEX "SignerCertificate_userId_idx" ON "SignerCertificate"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "TrustAnchor_fingerprint_key" ON "TrustAnchor"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "SignatureRequest_openFor_key" ON "SignatureRequest"("openFor");

-- CreateIndex
CREATE UNIQUE INDEX "SignatureRequest_verifyToken_key" ON "SignatureRequest"("verifyToken");

-- CreateIndex
CREATE INDEX "SignatureRequest_documentId_idx" ON "SignatureRequest"("documentId");

-- CreateIndex
CREATE INDEX "SignatureRequest_status_startedAt_idx" ON "SignatureRequest"("status", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_nik_key" ON "User"("nik");

-- AddForeignKey
ALTER TABLE "SignerCertificate" ADD CONSTRAINT "SignerCertificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignatureRequest" ADD CONSTRAINT "SignatureRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignatureRequest" ADD CONSTRAINT "SignatureRequest_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignatureRequest" ADD CONSTRAINT "SignatureRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignatureRequest" ADD CONSTRAINT "SignatureRequest_resultDocumentId_fkey" FOREIGN KEY ("resultDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;
