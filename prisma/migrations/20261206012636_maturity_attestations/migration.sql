-- CreateTable
CREATE TABLE "MaturityAttestation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "markerId" TEXT NOT NULL,
    "evidenceUrl" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "attestedById" TEXT,
    "attestedByName" TEXT NOT NULL,
    "attestedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedByName" TEXT,

    CONSTRAINT "MaturityAttestation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MaturityAttestation_teamId_markerId_idx" ON "MaturityAttestation"("teamId", "markerId");

-- CreateIndex
CREATE INDEX "MaturityAttestation_expiresAt_idx" ON "MaturityAttestation"("expiresAt");

-- AddForeignKey
ALTER TABLE "MaturityAttestation" ADD CONSTRAINT "MaturityAttestation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

