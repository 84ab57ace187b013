-- AlterTable
ALTER TABLE "ReadinessResult" ADD COLUMN     "digest" TEXT NOT NULL DEFAULT '';

