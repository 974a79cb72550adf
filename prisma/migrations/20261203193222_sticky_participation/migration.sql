-- AlterTable
ALTER TABLE "ChallengeParticipantMember" ADD COLUMN     "leftAt" TIMESTAMP(3);
