-- CreateEnum
CREATE TYPE "MetricFamily" AS ENUM ('COCO', 'LVIS', 'LVIS_FIXED');

-- AlterEnum
ALTER TYPE "IouType" ADD VALUE 'BOUNDARY';

-- AlterTable
ALTER TABLE "EvalConfig" ADD COLUMN     "dilationRatio" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
ADD COLUMN     "metric" "MetricFamily" NOT NULL DEFAULT 'COCO',
ADD COLUMN     "miouScoreThreshold" DOUBLE PRECISION;
