-- CreateEnum
CREATE TYPE "PostMortemState" AS ENUM ('draft', 'in_review', 'published', 'reopened');

-- CreateEnum
CREATE TYPE "ActionItemStatus" AS ENUM ('open', 'in_progress', 'done', 'wont_do');

-- CreateTable
CREATE TABLE "PostMortem" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "ownerId" TEXT,
    "state" "PostMortemState" NOT NULL DEFAULT 'draft',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "requiredReasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requested" BOOLEAN NOT NULL DEFAULT false,
    "notNeededReason" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "title" TEXT NOT NULL,
    "sections" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3),
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" TEXT,
    "firstPublishedAt" TIMESTAMPTZ(3),
    "remindersSent" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PostMortem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostMortemRevision" (
    "id" TEXT NOT NULL,
    "postMortemId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sections" JSONB NOT NULL,
    "authorId" TEXT,
    "authorLabel" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostMortemRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostMortemReviewer" (
    "postMortemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL DEFAULT 'requested',
    "comment" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostMortemReviewer_pkey" PRIMARY KEY ("postMortemId","userId")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" TEXT NOT NULL,
    "postMortemId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "priority" TEXT NOT NULL DEFAULT 'P2',
    "ownerId" TEXT,
    "teamId" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "status" "ActionItemStatus" NOT NULL DEFAULT 'open',
    "wontDoReason" TEXT,
    "trackerUrl" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "remindersSent" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostMortem_incidentId_key" ON "PostMortem"("incidentId");

-- CreateIndex
CREATE INDEX "PostMortem_state_dueAt_idx" ON "PostMortem"("state", "dueAt");

-- CreateIndex
CREATE INDEX "PostMortem_ownerId_idx" ON "PostMortem"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "PostMortemRevision_postMortemId_version_key" ON "PostMortemRevision"("postMortemId", "version");

-- CreateIndex
CREATE INDEX "PostMortemReviewer_userId_idx" ON "PostMortemReviewer"("userId");

-- CreateIndex
CREATE INDEX "ActionItem_status_dueAt_idx" ON "ActionItem"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ActionItem_ownerId_status_idx" ON "ActionItem"("ownerId", "status");

-- CreateIndex
CREATE INDEX "ActionItem_teamId_status_dueAt_idx" ON "ActionItem"("teamId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "ActionItem_postMortemId_idx" ON "ActionItem"("postMortemId");

-- AddForeignKey
ALTER TABLE "PostMortem" ADD CONSTRAINT "PostMortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostMortemRevision" ADD CONSTRAINT "PostMortemRevision_postMortemId_fkey" FOREIGN KEY ("postMortemId") REFERENCES "PostMortem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostMortemReviewer" ADD CONSTRAINT "PostMortemReviewer_postMortemId_fkey" FOREIGN KEY ("postMortemId") REFERENCES "PostMortem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_postMortemId_fkey" FOREIGN KEY ("postMortemId") REFERENCES "PostMortem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

