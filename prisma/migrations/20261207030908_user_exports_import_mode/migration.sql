-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "import_mode" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "user_exports" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT,
    "format" TEXT NOT NULL,
    "limit" INTEGER,
    "fields" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "file_bytes" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_export_chunks" (
    "export_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "user_export_chunks_pkey" PRIMARY KEY ("export_id","seq")
);

-- AddForeignKey
ALTER TABLE "user_export_chunks" ADD CONSTRAINT "user_export_chunks_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "user_exports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
