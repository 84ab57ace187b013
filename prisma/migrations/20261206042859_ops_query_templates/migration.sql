-- CreateTable
CREATE TABLE "OpsQueryTemplate" (
    "dataSourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpsQueryTemplate_pkey" PRIMARY KEY ("dataSourceId","key")
);

-- AddForeignKey
ALTER TABLE "OpsQueryTemplate" ADD CONSTRAINT "OpsQueryTemplate_dataSourceId_fkey" FOREIGN KEY ("dataSourceId") REFERENCES "PrometheusDataSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

