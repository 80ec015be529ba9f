-- AlterTable
ALTER TABLE "pending_sign_ins" ADD COLUMN     "factors" TEXT,
ADD COLUMN     "proved_with" TEXT;
