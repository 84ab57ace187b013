-- CreateEnum
CREATE TYPE "ReadinessExemptionStatus" AS ENUM ('pending', 'approved', 'rejected', 'revoked');

-- CreateEnum
CREATE TYPE "ReadinessSnapshotScope" AS ENUM ('overall', 'cluster', 'namespace', 'team', 'service', 'workload');

-- CreateEnum
CREATE TYPE "ReadinessGateStatus" AS ENUM ('pass', 'fail', 'unknown');

-- CreateTable
CREATE TABLE "ReadinessExemption" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT,
    "namespace" TEXT,
    "kind" TEXT,
    "name" TEXT,
    "checkId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ReadinessExemptionStatus" NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "requestedById" TEXT,
    "requestedByLabel" TEXT NOT NULL,
    "approverId" TEXT,
    "approverLabel" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" TEXT,
    "revokedByLabel" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReadinessExemption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadinessResult" (
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "teamLabel" TEXT,
    "teamId" TEXT,
    "serviceKey" TEXT,
    "serviceId" TEXT,
    "score" INTEGER NOT NULL,
    "passed" INTEGER NOT NULL,
    "exempt" INTEGER NOT NULL,
    "failedWarnings" INTEGER NOT NULL,
    "failedDangers" INTEGER NOT NULL,
    "byArea" JSONB NOT NULL,
    "failingChecks" TEXT[],
    "checks" JSONB NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReadinessResult_pkey" PRIMARY KEY ("clusterId","kind","namespace","name")
);

-- CreateTable
CREATE TABLE "ReadinessEvaluation" (
    "clusterId" TEXT NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "syncedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER NOT NULL,
    "workloads" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,

    CONSTRAINT "ReadinessEvaluation_pkey" PRIMARY KEY ("clusterId")
);

-- CreateTable
CREATE TABLE "ReadinessSnapshot" (
    "day" DATE NOT NULL,
    "scope" "ReadinessSnapshotScope" NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "passed" INTEGER NOT NULL,
    "exempt" INTEGER NOT NULL,
    "failedWarnings" INTEGER NOT NULL,
    "failedDangers" INTEGER NOT NULL,
    "workloads" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReadinessSnapshot_pkey" PRIMARY KEY ("scope","key","day")
);

-- CreateTable
CREATE TABLE "ReadinessGate" (
    "serviceId" TEXT NOT NULL,
    "status" "ReadinessGateStatus" NOT NULL,
    "score" INTEGER NOT NULL,
    "workloads" INTEGER NOT NULL,
    "failedDangers" INTEGER NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReadinessGate_pkey" PRIMARY KEY ("serviceId")
);

-- CreateIndex
CREATE INDEX "ReadinessExemption_status_expiresAt_idx" ON "ReadinessExemption"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "ReadinessExemption_clusterId_namespace_idx" ON "ReadinessExemption"("clusterId", "namespace");

-- CreateIndex
CREATE INDEX "ReadinessExemption_requestedById_idx" ON "ReadinessExemption"("requestedById");

-- CreateIndex
CREATE INDEX "ReadinessExemption_approverId_idx" ON "ReadinessExemption"("approverId");

-- CreateIndex
CREATE INDEX "ReadinessExemption_revokedById_idx" ON "ReadinessExemption"("revokedById");

-- CreateIndex
CREATE INDEX "ReadinessResult_clusterId_failedDangers_idx" ON "ReadinessResult"("clusterId", "failedDangers");

-- CreateIndex
CREATE INDEX "ReadinessResult_teamId_idx" ON "ReadinessResult"("teamId");

-- CreateIndex
CREATE INDEX "ReadinessResult_serviceId_idx" ON "ReadinessResult"("serviceId");

-- CreateIndex
CREATE INDEX "ReadinessSnapshot_day_idx" ON "ReadinessSnapshot"("day");

-- AddForeignKey
ALTER TABLE "ReadinessExemption" ADD CONSTRAINT "ReadinessExemption_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessExemption" ADD CONSTRAINT "ReadinessExemption_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessExemption" ADD CONSTRAINT "ReadinessExemption_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessExemption" ADD CONSTRAINT "ReadinessExemption_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessResult" ADD CONSTRAINT "ReadinessResult_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessResult" ADD CONSTRAINT "ReadinessResult_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessResult" ADD CONSTRAINT "ReadinessResult_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessEvaluation" ADD CONSTRAINT "ReadinessEvaluation_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadinessGate" ADD CONSTRAINT "ReadinessGate_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

