-- CreateEnum
CREATE TYPE "ChangeCause" AS ENUM ('suspected', 'confirmed');

-- AlterTable
ALTER TABLE "Change" ADD COLUMN     "committedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ChangeIncidentLink" (
    "changeId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "cause" "ChangeCause" NOT NULL,
    "markedById" TEXT,
    "markedByLabel" TEXT NOT NULL,
    "markedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChangeIncidentLink_pkey" PRIMARY KEY ("changeId","incidentId")
);

-- CreateIndex
CREATE INDEX "ChangeIncidentLink_incidentId_idx" ON "ChangeIncidentLink"("incidentId");

-- AddForeignKey
ALTER TABLE "ChangeIncidentLink" ADD CONSTRAINT "ChangeIncidentLink_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeIncidentLink" ADD CONSTRAINT "ChangeIncidentLink_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

