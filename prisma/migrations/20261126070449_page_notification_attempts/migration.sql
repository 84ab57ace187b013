-- AlterTable
ALTER TABLE "PageNotification" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "PageNotification_outcome_nextAttemptAt_idx" ON "PageNotification"("outcome", "nextAttemptAt");

