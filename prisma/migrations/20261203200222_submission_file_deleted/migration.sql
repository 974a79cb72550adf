-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "fileDeletedAt" TIMESTAMP(3);
