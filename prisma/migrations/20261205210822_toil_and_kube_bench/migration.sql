-- CreateTable
CREATE TABLE "ToilSettings" (
    "teamId" TEXT NOT NULL,
    "sprintDays" INTEGER NOT NULL DEFAULT 14,
    "sprintAnchor" DATE NOT NULL,
    "engineeringHours" DOUBLE PRECISION,
    "pageMinutes" INTEGER NOT NULL DEFAULT 15,
    "blockFeatureWork" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ToilSettings_pkey" PRIMARY KEY ("teamId")
);

-- CreateTable
CREATE TABLE "ToilEntry" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "what" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "authorId" TEXT,
    "authorLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ToilEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KubeBenchRun" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "benchmark" TEXT NOT NULL,
    "nodeTypes" TEXT[],
    "pass" INTEGER NOT NULL,
    "fail" INTEGER NOT NULL,
    "warn" INTEGER NOT NULL,
    "info" INTEGER NOT NULL,
    "score" DOUBLE PRECISION,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "source" TEXT NOT NULL,
    "uploadedById" TEXT,
    "uploadedBy" TEXT NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KubeBenchRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ToilEntry_teamId_day_idx" ON "ToilEntry"("teamId", "day");

-- CreateIndex
CREATE INDEX "KubeBenchRun_clusterId_node_runAt_idx" ON "KubeBenchRun"("clusterId", "node", "runAt");

-- CreateIndex
CREATE INDEX "KubeBenchRun_runAt_idx" ON "KubeBenchRun"("runAt");

-- AddForeignKey
ALTER TABLE "ToilSettings" ADD CONSTRAINT "ToilSettings_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToilEntry" ADD CONSTRAINT "ToilEntry_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KubeBenchRun" ADD CONSTRAINT "KubeBenchRun_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

