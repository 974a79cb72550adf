-- CreateEnum
CREATE TYPE "RankingRule" AS ENUM ('POINT', 'GROUPS');

-- AlterTable
ALTER TABLE "EvalConfig" ADD COLUMN     "bootstrapLevel" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
ADD COLUMN     "bootstrapReplicates" INTEGER NOT NULL DEFAULT 1000,
ADD COLUMN     "bootstrapSeed" INTEGER,
ADD COLUMN     "ladder" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ranking" "RankingRule" NOT NULL DEFAULT 'POINT';

-- CreateTable
CREATE TABLE "ScoreStatistics" (
    "submissionId" TEXT NOT NULL,
    "split" "Split" NOT NULL,
    "evalConfigVersion" INTEGER NOT NULL,
    "replicates" INTEGER NOT NULL,
    "level" DOUBLE PRECISION NOT NULL,
    "seed" INTEGER NOT NULL,
    "primaryLow" DOUBLE PRECISION,
    "primaryHigh" DOUBLE PRECISION,
    "intervals" JSONB NOT NULL,
    "primaryReplicates" BYTEA NOT NULL,
    "statReplicates" BYTEA NOT NULL,
    "cacheSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreStatistics_pkey" PRIMARY KEY ("submissionId","split")
);

-- AddForeignKey
ALTER TABLE "ScoreStatistics" ADD CONSTRAINT "ScoreStatistics_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
