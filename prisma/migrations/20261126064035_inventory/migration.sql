-- CreateEnum
CREATE TYPE "ClusterConnectionKind" AS ENUM ('kubeconfig', 'token', 'in_cluster', 'simulator');

-- CreateEnum
CREATE TYPE "ClusterSyncState" AS ENUM ('pending', 'syncing', 'synced', 'stale', 'error');

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "apiUrl" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "caData" TEXT,
ADD COLUMN     "connectionKind" "ClusterConnectionKind" NOT NULL DEFAULT 'simulator',
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "disabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "insecureSkipTlsVerify" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kubeContext" TEXT,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "lastSyncedAt" TIMESTAMPTZ(3),
ADD COLUMN     "sealedCredentials" TEXT,
ADD COLUMN     "serverGitVersion" TEXT,
ADD COLUMN     "serverMinor" TEXT,
ADD COLUMN     "syncState" "ClusterSyncState" NOT NULL DEFAULT 'pending';

-- CreateTable
CREATE TABLE "ClusterLease" (
    "clusterId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL,
    "renewedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClusterLease_pkey" PRIMARY KEY ("clusterId")
);

-- CreateTable
CREATE TABLE "ClusterSyncStatus" (
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" "ClusterSyncState" NOT NULL DEFAULT 'pending',
    "resourceVersion" TEXT,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "listedSoFar" INTEGER NOT NULL DEFAULT 0,
    "estimatedTotal" INTEGER,
    "lastListAt" TIMESTAMPTZ(3),
    "lastEventAt" TIMESTAMPTZ(3),
    "lagMs" INTEGER,
    "lastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClusterSyncStatus_pkey" PRIMARY KEY ("clusterId","kind")
);

-- CreateTable
CREATE TABLE "InventoryObject" (
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "resourceVersion" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "ownerKind" TEXT,
    "ownerName" TEXT,
    "ownerUid" TEXT,
    "team" TEXT,
    "nodeName" TEXT,
    "phase" TEXT,
    "creationTimestamp" TIMESTAMPTZ(3),
    "data" JSONB NOT NULL DEFAULT '{}',
    "listEpoch" INTEGER NOT NULL DEFAULT 0,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InventoryObject_pkey" PRIMARY KEY ("clusterId","kind","namespace","name")
);

-- CreateIndex
CREATE INDEX "ClusterLease_expiresAt_idx" ON "ClusterLease"("expiresAt");

-- CreateIndex
CREATE INDEX "InventoryObject_clusterId_kind_nodeName_idx" ON "InventoryObject"("clusterId", "kind", "nodeName");

-- CreateIndex
CREATE INDEX "InventoryObject_clusterId_kind_team_idx" ON "InventoryObject"("clusterId", "kind", "team");

-- CreateIndex
CREATE INDEX "InventoryObject_clusterId_ownerUid_idx" ON "InventoryObject"("clusterId", "ownerUid");

-- CreateIndex
CREATE INDEX "Cluster_createdById_idx" ON "Cluster"("createdById");

-- AddForeignKey
ALTER TABLE "Cluster" ADD CONSTRAINT "Cluster_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterLease" ADD CONSTRAINT "ClusterLease_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterSyncStatus" ADD CONSTRAINT "ClusterSyncStatus_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InventoryObject" ADD CONSTRAINT "InventoryObject_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

