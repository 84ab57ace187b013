-- Which queue job (and attempt) each run executed, so a job run twice shows
-- (docs/ops.md, "Scale out"). Nullable: older runs did not record it.
ALTER TABLE "JobRun" ADD COLUMN "jobId" TEXT,
ADD COLUMN "attempt" INTEGER;
