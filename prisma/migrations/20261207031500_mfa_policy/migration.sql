-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "mfa_policy" TEXT NOT NULL DEFAULT 'enrolled';
