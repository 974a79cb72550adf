-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "refused" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Submission_teamId_refused_createdAt_idx" ON "Submission"("teamId", "refused", "createdAt");
