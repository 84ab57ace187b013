-- A first live evaluation writes one ReadinessResult per object (87,500 rows
-- for the 150k-pod benchmark cluster); these changes cut its Postgres time
-- (bench:readiness, docs/readiness.md "Live evaluation"):
-- a result's area figures and encoded checks are read whole, never queried
-- inside: json (validated text) instead of jsonb (parsed into a binary form);
ALTER TABLE "ReadinessResult" ALTER COLUMN "byArea" SET DATA TYPE JSON USING "byArea"::json,
  ALTER COLUMN "checks" SET DATA TYPE JSON USING "checks"::json;

-- the team and service ids are resolved from the catalog at every evaluation and
-- joined on read (an id that no longer resolves reads as null): no per-row
-- foreign-key checks;
ALTER TABLE "ReadinessResult" DROP CONSTRAINT "ReadinessResult_teamId_fkey";
ALTER TABLE "ReadinessResult" DROP CONSTRAINT "ReadinessResult_serviceId_fkey";

-- and no index nobody reads through (clusterId filters use the primary key).
DROP INDEX "ReadinessResult_clusterId_failedDangers_idx";
DROP INDEX "ReadinessResult_teamId_idx";
