-- Live collecting workers, so that clusters are spread evenly over them
-- (server/inventory/supervisor.service.ts): a worker that sees another one
-- arrive hands over the clusters beyond its fair share.
CREATE TABLE "CollectorWorker" (
    "holder" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CollectorWorker_pkey" PRIMARY KEY ("holder")
);
