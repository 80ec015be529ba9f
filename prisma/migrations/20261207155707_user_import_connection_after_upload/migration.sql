-- AlterTable
ALTER TABLE "user_imports" ALTER COLUMN "connection_id" DROP NOT NULL;

-- The file is stored as it arrives, before the form's other fields (Auth0's SDK sends the file
-- first): the connection is unknown only while the import is `uploading` (create-import.ts).
-- AddCheckConstraint
ALTER TABLE "user_imports" ADD CONSTRAINT "user_imports_connection_check" CHECK ("status" = 'uploading' OR "connection_id" IS NOT NULL);
