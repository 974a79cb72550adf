-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "frequency" TEXT;

-- AlterTable
ALTER TABLE "ClassScore" ADD COLUMN     "iou" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "apCommon" DOUBLE PRECISION,
ADD COLUMN     "apFrequent" DOUBLE PRECISION,
ADD COLUMN     "apRare" DOUBLE PRECISION,
ADD COLUMN     "miou" DOUBLE PRECISION;
