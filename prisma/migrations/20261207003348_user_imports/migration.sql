-- CreateTable
CREATE TABLE "user_imports" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "upsert" BOOLEAN NOT NULL DEFAULT false,
    "external_id" TEXT,
    "send_completion_email" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "file_bytes" INTEGER NOT NULL,
    "next_index" INTEGER NOT NULL DEFAULT 0,
    "next_byte" INTEGER NOT NULL DEFAULT 0,
    "next_line" INTEGER NOT NULL DEFAULT 1,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_import_chunks" (
    "import_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "user_import_chunks_pkey" PRIMARY KEY ("import_id","seq")
);

-- CreateTable
CREATE TABLE "user_import_errors" (
    "import_id" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "user" JSONB NOT NULL,
    "errors" JSONB NOT NULL,

    CONSTRAINT "user_import_errors_pkey" PRIMARY KEY ("import_id","index")
);

-- AddForeignKey
ALTER TABLE "user_import_chunks" ADD CONSTRAINT "user_import_chunks_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "user_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_import_errors" ADD CONSTRAINT "user_import_errors_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "user_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
