-- CreateEnum
CREATE TYPE "PrometheusAuthKind" AS ENUM ('none', 'bearer', 'basic');

-- CreateTable
CREATE TABLE "PrometheusDataSource" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "authKind" "PrometheusAuthKind" NOT NULL DEFAULT 'none',
    "username" TEXT,
    "secretSealed" TEXT,
    "clusterId" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PrometheusDataSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Slo" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "serviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "definition" JSONB NOT NULL,
    "objective" DOUBLE PRECISION NOT NULL,
    "window" JSONB NOT NULL,
    "budgeting" JSONB NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "alerting" JSONB NOT NULL,
    "dataSourceId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'ui',
    "sourceRef" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Slo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SloSliBucket" (
    "start" TIMESTAMPTZ(3) NOT NULL,
    "bad" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "sloSeq" INTEGER NOT NULL,
    "missing" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SloSliBucket_pkey" PRIMARY KEY ("sloSeq","start")
);

-- CreateTable
CREATE TABLE "SloSliDay" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "bad" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "sloSeq" INTEGER NOT NULL,
    "buckets" INTEGER NOT NULL,
    "missingBuckets" INTEGER NOT NULL,

    CONSTRAINT "SloSliDay_pkey" PRIMARY KEY ("sloSeq","day")
);

-- CreateTable
CREATE TABLE "SloSamplerState" (
    "sloId" TEXT NOT NULL,
    "lastBucket" TIMESTAMPTZ(3),
    "backfillFrom" TIMESTAMPTZ(3),
    "backfillTo" TIMESTAMPTZ(3),
    "backfillDone" INTEGER NOT NULL DEFAULT 0,
    "backfillTotal" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SloSamplerState_pkey" PRIMARY KEY ("sloId")
);

-- CreateTable
CREATE TABLE "ServiceGoldenSignals" (
    "serviceId" TEXT NOT NULL,
    "dataSourceId" TEXT,
    "queries" JSONB NOT NULL DEFAULT '{}',
    "selector" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServiceGoldenSignals_pkey" PRIMARY KEY ("serviceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "PrometheusDataSource_name_key" ON "PrometheusDataSource"("name");

-- CreateIndex
CREATE INDEX "PrometheusDataSource_clusterId_idx" ON "PrometheusDataSource"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "Slo_seq_key" ON "Slo"("seq");

-- CreateIndex
CREATE INDEX "Slo_dataSourceId_idx" ON "Slo"("dataSourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Slo_serviceId_name_key" ON "Slo"("serviceId", "name");

-- CreateIndex
CREATE INDEX "ServiceGoldenSignals_dataSourceId_idx" ON "ServiceGoldenSignals"("dataSourceId");

-- AddForeignKey
ALTER TABLE "PrometheusDataSource" ADD CONSTRAINT "PrometheusDataSource_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slo" ADD CONSTRAINT "Slo_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slo" ADD CONSTRAINT "Slo_dataSourceId_fkey" FOREIGN KEY ("dataSourceId") REFERENCES "PrometheusDataSource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slo" ADD CONSTRAINT "Slo_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SloSamplerState" ADD CONSTRAINT "SloSamplerState_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceGoldenSignals" ADD CONSTRAINT "ServiceGoldenSignals_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceGoldenSignals" ADD CONSTRAINT "ServiceGoldenSignals_dataSourceId_fkey" FOREIGN KEY ("dataSourceId") REFERENCES "PrometheusDataSource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

