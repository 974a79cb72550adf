-- CreateEnum
CREATE TYPE "TideStatus" AS ENUM ('DONE', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "TideAnalysis" (
    "submissionId" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "evalConfigVersion" INTEGER NOT NULL,
    "status" "TideStatus" NOT NULL,
    "mode" TEXT NOT NULL,
    "split" "Split" NOT NULL DEFAULT 'PUBLIC',
    "ap50" DOUBLE PRECISION,
    "mainErrors" JSONB,
    "specialErrors" JSONB,
    "errorCounts" JSONB,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TideAnalysis_pkey" PRIMARY KEY ("submissionId")
);

-- AddForeignKey
ALTER TABLE "TideAnalysis" ADD CONSTRAINT "TideAnalysis_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
