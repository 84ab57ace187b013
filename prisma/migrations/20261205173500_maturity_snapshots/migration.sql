-- CreateTable
CREATE TABLE "MaturitySnapshot" (
    "day" DATE NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "markers" JSONB NOT NULL,
    "assessedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaturitySnapshot_pkey" PRIMARY KEY ("scopeKey","day")
);

-- CreateIndex
CREATE INDEX "MaturitySnapshot_day_idx" ON "MaturitySnapshot"("day");
