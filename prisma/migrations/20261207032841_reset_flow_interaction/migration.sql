-- AlterTable
ALTER TABLE "reset_flows" ADD COLUMN     "interaction_uid" TEXT;
