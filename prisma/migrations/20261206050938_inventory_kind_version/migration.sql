-- CreateTable
CREATE TABLE "InventoryKindVersion" (
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InventoryKindVersion_pkey" PRIMARY KEY ("clusterId","kind")
);

-- CreateIndex
CREATE INDEX "InventoryKindVersion_kind_idx" ON "InventoryKindVersion"("kind");

-- AddForeignKey
ALTER TABLE "InventoryKindVersion" ADD CONSTRAINT "InventoryKindVersion_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

