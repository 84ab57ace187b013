-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "rpoMinutes" INTEGER,
ADD COLUMN     "rtoMinutes" INTEGER;

-- CreateTable
CREATE TABLE "DomainSnapshot" (
    "day" DATE NOT NULL,
    "domain" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainSnapshot_pkey" PRIMARY KEY ("domain","scopeKey","day")
);

-- CreateTable
CREATE TABLE "DrDrill" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "restoreName" TEXT NOT NULL,
    "clusterId" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "success" BOOLEAN NOT NULL,
    "dataLossMinutes" INTEGER NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT,
    "recordedByName" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DrDrill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DomainSnapshot_day_idx" ON "DomainSnapshot"("day");

-- CreateIndex
CREATE INDEX "DrDrill_serviceId_startedAt_idx" ON "DrDrill"("serviceId", "startedAt");

-- AddForeignKey
ALTER TABLE "DrDrill" ADD CONSTRAINT "DrDrill_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

