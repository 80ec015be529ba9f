-- AlterTable
ALTER TABLE "reset_flows" ADD COLUMN     "sent_to" TEXT;

-- Links issued before this column existed went to the user's address as it is now.
UPDATE "reset_flows" SET "sent_to" = "users"."email" FROM "users" WHERE "reset_flows"."user_id" = "users"."id";
