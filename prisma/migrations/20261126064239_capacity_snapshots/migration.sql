-- CreateEnum
CREATE TYPE "CapacityScope" AS ENUM ('cluster', 'node', 'namespace');

-- CreateTable
CREATE TABLE "CapacitySnapshot" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "scope" "CapacityScope" NOT NULL,
    "key" TEXT NOT NULL,
    "allocatableCpu" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "allocatableMemory" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "requestedCpu" DOUBLE PRECISION NOT NULL,
    "requestedMemory" DOUBLE PRECISION NOT NULL,
    "limitsCpu" DOUBLE PRECISION NOT NULL,
    "limitsMemory" DOUBLE PRECISION NOT NULL,
    "usedCpu" DOUBLE PRECISION,
    "usedMemory" DOUBLE PRECISION,
    "pods" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB NOT NULL DEFAULT '{}',
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CapacitySnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CapacitySnapshot_clusterId_day_scope_idx" ON "CapacitySnapshot"("clusterId", "day", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "CapacitySnapshot_clusterId_scope_key_day_key" ON "CapacitySnapshot"("clusterId", "scope", "key", "day");

-- AddForeignKey
ALTER TABLE "CapacitySnapshot" ADD CONSTRAINT "CapacitySnapshot_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

