-- CreateTable
CREATE TABLE "PostMortemTemplate" (
    "scope" TEXT NOT NULL,
    "sections" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PostMortemTemplate_pkey" PRIMARY KEY ("scope")
);

