-- CreateEnum
CREATE TYPE "ChangeTier" AS ENUM ('T1', 'T2', 'T3');

-- CreateEnum
CREATE TYPE "ChangeSource" AS ENUM ('api', 'ui', 'gitops');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('planned', 'pending_approval', 'approved', 'held', 'blocked', 'in_progress', 'succeeded', 'failed', 'rolled_back');

-- CreateEnum
CREATE TYPE "ChangeDecision" AS ENUM ('allow', 'needs_approval', 'hold', 'block');

-- CreateTable
CREATE TABLE "Change" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tier" "ChangeTier" NOT NULL,
    "source" "ChangeSource" NOT NULL DEFAULT 'ui',
    "environment" TEXT NOT NULL DEFAULT 'production',
    "cluster" TEXT,
    "commitSha" TEXT,
    "prUrl" TEXT,
    "authorId" TEXT,
    "authorLabel" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "status" "ChangeStatus" NOT NULL,
    "rollbackPlan" TEXT NOT NULL DEFAULT '',
    "runbookUrl" TEXT,
    "reliability" BOOLEAN NOT NULL DEFAULT false,
    "decision" "ChangeDecision" NOT NULL,
    "decisionReasons" JSONB NOT NULL DEFAULT '[]',
    "decisionRequires" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "overrideReason" TEXT,
    "overriddenById" TEXT,
    "overriddenByLabel" TEXT,
    "overriddenAt" TIMESTAMPTZ(3),
    "externalId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeService" (
    "changeId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,

    CONSTRAINT "ChangeService_pkey" PRIMARY KEY ("changeId","serviceId")
);

-- CreateTable
CREATE TABLE "ChangeApproval" (
    "id" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeEvent" (
    "id" TEXT NOT NULL,
    "changeId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeFreeze" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tiers" "ChangeTier"[],
    "startDay" INTEGER,
    "startMinute" INTEGER,
    "endDay" INTEGER,
    "endMinute" INTEGER,
    "date" TEXT,
    "marginHours" INTEGER NOT NULL DEFAULT 48,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeFreeze_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Change_requestedAt_idx" ON "Change"("requestedAt");

-- CreateIndex
CREATE INDEX "Change_status_requestedAt_idx" ON "Change"("status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Change_source_externalId_key" ON "Change"("source", "externalId");

-- CreateIndex
CREATE INDEX "ChangeService_serviceId_idx" ON "ChangeService"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "ChangeApproval_changeId_userId_kind_key" ON "ChangeApproval"("changeId", "userId", "kind");

-- CreateIndex
CREATE INDEX "ChangeEvent_changeId_at_idx" ON "ChangeEvent"("changeId", "at");

-- CreateIndex
CREATE INDEX "ChangeFreeze_teamId_idx" ON "ChangeFreeze"("teamId");

-- AddForeignKey
ALTER TABLE "ChangeService" ADD CONSTRAINT "ChangeService_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeService" ADD CONSTRAINT "ChangeService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeApproval" ADD CONSTRAINT "ChangeApproval_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeEvent" ADD CONSTRAINT "ChangeEvent_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "Change"("id") ON DELETE CASCADE ON UPDATE CASCADE;

