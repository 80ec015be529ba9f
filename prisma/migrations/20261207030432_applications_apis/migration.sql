-- AlterTable
ALTER TABLE "applications" ADD COLUMN     "backchannel_logout_uri" TEXT,
ADD COLUMN     "last_used_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "secret_hash" TEXT;

-- AlterTable
ALTER TABLE "oidc_payloads" ADD COLUMN     "account_id" TEXT;

-- CreateTable
CREATE TABLE "resource_servers" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" JSONB NOT NULL DEFAULT '[]',
    "signing_alg" TEXT NOT NULL DEFAULT 'RS256',
    "token_lifetime_sec" INTEGER NOT NULL DEFAULT 86400,
    "allow_offline_access" BOOLEAN NOT NULL DEFAULT false,
    "skip_consent_for_verifiable_first_party_clients" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resource_servers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "client_grants" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "scope" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "resource_servers_identifier_key" ON "resource_servers"("identifier");

-- CreateIndex
CREATE INDEX "client_grants_audience_idx" ON "client_grants"("audience");

-- CreateIndex
CREATE UNIQUE INDEX "client_grants_client_id_audience_key" ON "client_grants"("client_id", "audience");

-- CreateIndex
CREATE INDEX "oidc_payloads_account_id_idx" ON "oidc_payloads"("account_id");

-- AddForeignKey
ALTER TABLE "client_grants" ADD CONSTRAINT "client_grants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rows written before the column: their account, from the payload.
UPDATE "oidc_payloads" SET "account_id" = "payload"->>'accountId' WHERE "payload" ? 'accountId';

-- Management API clients become non_interactive applications: the same client_id and name, the
-- secret still verified by its SHA-256, the scopes a client grant on the Management API
-- ('rekey:management-api', MANAGEMENT_GRANT_AUDIENCE, since its URL follows PUBLIC_URL).
INSERT INTO "applications" ("id", "name", "app_type", "secret_hash", "grant_types", "token_endpoint_auth_method", "is_first_party", "last_used_at", "revoked_at", "created_at", "updated_at")
SELECT "id", "name", 'non_interactive', "secret_hash", ARRAY['client_credentials'], 'client_secret_post', true, "last_used_at", "revoked_at", "created_at", CURRENT_TIMESTAMP
FROM "machine_clients"
ON CONFLICT ("id") DO NOTHING;

INSERT INTO "client_grants" ("id", "client_id", "audience", "scope", "created_at")
SELECT 'cgr_' || substr(md5("id"), 1, 16), "id", 'rekey:management-api', "scopes", "created_at"
FROM "machine_clients"
WHERE "id" IN (SELECT "id" FROM "applications" WHERE "app_type" = 'non_interactive')
ON CONFLICT ("client_id", "audience") DO NOTHING;

-- DropTable
DROP TABLE "machine_clients";
