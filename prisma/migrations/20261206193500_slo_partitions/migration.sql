-- SloSliBucket and SloSliDay become range-partitioned by time (#16): old data
-- leaves by DROP TABLE of a whole partition (no DELETE, no bloat, no vacuum),
-- done daily by the slo.partitions job (server/slo/slo-partitions.*, docs/slo.md
-- "Storage"). Bounds are UTC: every partition is one UTC day / month, the same
-- days the roll-up sums.
--
-- Granularity:
--  - buckets: one partition per UTC day (288 rows per SLO, ~290k rows for 1,000
--    SLOs). Retention is window-sized (30 d + 7 d margin by default), so a day
--    is the unit that keeps what is dropped close to the cutoff, and the hot
--    reads (the last 6 h, today, one window edge day) each land in one or two
--    partitions. Weekly partitions would keep up to 6 days too many; hourly
--    ones would multiply the partitions the planner considers by 24.
--  - day roll-ups: one partition per UTC month (~30 rows per SLO): the table is
--    30x smaller per day kept and kept for 400 days, so 14-15 partitions.
--
-- A DEFAULT partition takes any row no range partition covers (backfills older
-- than the partitions made so far, fixed historical dates in tests, a clock far
-- ahead), so a write never fails for lack of a partition and writers never run
-- DDL. Postgres refuses to create a range partition while the default holds
-- rows in that range; the job therefore moves such rows out of the default in
-- the same transaction that creates the partition (slo-partitions.repo.ts), and
-- this migration creates the partitions before it copies the rows, so existing
-- data never lands in the default.
--
-- Created here: a partition for every UTC day / month that holds rows, plus the
-- range the job keeps with no SLO windows longer than the default 30 days
-- (buckets: 37 days back to 7 days ahead; days: 400 days back to 2 months
-- ahead). Partitions past retention are dropped by the job's first run.
-- Names: "<table>_pYYYYMMDD" / "<table>_pYYYYMM" (parsed by
-- slo-partitions.compute.ts); "<table>_default".

SET LOCAL TimeZone = 'UTC'; -- day arithmetic and the bound literals below in UTC

ALTER TABLE "SloSliBucket" RENAME TO "SloSliBucket_unpartitioned";
ALTER INDEX "SloSliBucket_pkey" RENAME TO "SloSliBucket_unpartitioned_pkey";

CREATE TABLE "SloSliBucket" (
    "start" TIMESTAMPTZ(3) NOT NULL,
    "bad" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "sloSeq" INTEGER NOT NULL,
    "missing" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SloSliBucket_pkey" PRIMARY KEY ("sloSeq","start")
) PARTITION BY RANGE ("start");

CREATE TABLE "SloSliBucket_default" PARTITION OF "SloSliBucket" DEFAULT;

DO $$
DECLARE d timestamptz;
BEGIN
  FOR d IN
    SELECT date_trunc('day', "start") FROM "SloSliBucket_unpartitioned"
    UNION
    SELECT generate_series(date_trunc('day', now()) - interval '37 days', date_trunc('day', now()) + interval '7 days', interval '1 day')
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "SloSliBucket" FOR VALUES FROM (%L) TO (%L)',
                   'SloSliBucket_p' || to_char(d, 'YYYYMMDD'), d, d + interval '1 day');
  END LOOP;
END $$;

INSERT INTO "SloSliBucket" ("start", "bad", "total", "sloSeq", "missing")
SELECT "start", "bad", "total", "sloSeq", "missing" FROM "SloSliBucket_unpartitioned";
DROP TABLE "SloSliBucket_unpartitioned";

ALTER TABLE "SloSliDay" RENAME TO "SloSliDay_unpartitioned";
ALTER INDEX "SloSliDay_pkey" RENAME TO "SloSliDay_unpartitioned_pkey";

CREATE TABLE "SloSliDay" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "bad" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "sloSeq" INTEGER NOT NULL,
    "buckets" INTEGER NOT NULL,
    "missingBuckets" INTEGER NOT NULL,

    CONSTRAINT "SloSliDay_pkey" PRIMARY KEY ("sloSeq","day")
) PARTITION BY RANGE ("day");

CREATE TABLE "SloSliDay_default" PARTITION OF "SloSliDay" DEFAULT;

DO $$
DECLARE m timestamptz;
BEGIN
  FOR m IN
    SELECT date_trunc('month', "day") FROM "SloSliDay_unpartitioned"
    UNION
    SELECT generate_series(date_trunc('month', now() - interval '400 days'), date_trunc('month', now()) + interval '2 months', interval '1 month')
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "SloSliDay" FOR VALUES FROM (%L) TO (%L)',
                   'SloSliDay_p' || to_char(m, 'YYYYMM'), m, m + interval '1 month');
  END LOOP;
END $$;

INSERT INTO "SloSliDay" ("day", "bad", "total", "sloSeq", "buckets", "missingBuckets")
SELECT "day", "bad", "total", "sloSeq", "buckets", "missingBuckets" FROM "SloSliDay_unpartitioned";
DROP TABLE "SloSliDay_unpartitioned";
