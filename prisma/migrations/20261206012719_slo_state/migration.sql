-- CreateTable
CREATE TABLE "SloState" (
    "sloId" TEXT NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "definitionKey" TEXT NOT NULL,
    "sums" JSONB NOT NULL,
    "dataState" TEXT NOT NULL,
    "sli" DOUBLE PRECISION,
    "remainingPercent" DOUBLE PRECISION NOT NULL,
    "consumedMinutes" DOUBLE PRECISION NOT NULL,
    "totalMinutes" DOUBLE PRECISION NOT NULL,
    "band" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SloState_pkey" PRIMARY KEY ("sloId")
);

-- AddForeignKey
ALTER TABLE "SloState" ADD CONSTRAINT "SloState_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

