-- CreateTable
CREATE TABLE "pending_sign_ins" (
    "id" TEXT NOT NULL,
    "handle_hash" TEXT NOT NULL,
    "user_id" TEXT,
    "connection_id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "password_verified" BOOLEAN NOT NULL,
    "password_version" INTEGER NOT NULL DEFAULT 0,
    "code_hash" TEXT,
    "code_channel" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "ip" TEXT NOT NULL,
    "user_agent" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_sign_ins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pending_sign_ins_handle_hash_key" ON "pending_sign_ins"("handle_hash");

-- CreateIndex
CREATE INDEX "pending_sign_ins_identifier_expires_at_idx" ON "pending_sign_ins"("identifier", "expires_at");

-- CreateIndex
CREATE INDEX "pending_sign_ins_user_id_idx" ON "pending_sign_ins"("user_id");

-- AddForeignKey
ALTER TABLE "pending_sign_ins" ADD CONSTRAINT "pending_sign_ins_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
