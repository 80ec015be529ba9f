-- CreateTable
CREATE TABLE "oidc_payloads" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grant_id" TEXT,
    "uid" TEXT,
    "user_code" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "consumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "oidc_payloads_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "signing_keys" (
    "id" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sealed_jwk" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promoted_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "app_type" TEXT NOT NULL,
    "sealed_secret" TEXT,
    "callbacks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allowed_logout_urls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "web_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "initiate_login_uri" TEXT,
    "grant_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "token_endpoint_auth_method" TEXT NOT NULL,
    "is_first_party" BOOLEAN NOT NULL DEFAULT true,
    "id_token_signed_response_alg" TEXT NOT NULL DEFAULT 'RS256',
    "id_token_lifetime_sec" INTEGER NOT NULL DEFAULT 36000,
    "access_token_lifetime_sec" INTEGER NOT NULL DEFAULT 86400,
    "refresh_token_rotation" TEXT NOT NULL DEFAULT 'rotating',
    "refresh_token_lifetime_sec" INTEGER NOT NULL DEFAULT 2592000,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "oidc_payloads_grant_id_idx" ON "oidc_payloads"("grant_id");

-- CreateIndex
CREATE INDEX "oidc_payloads_model_uid_idx" ON "oidc_payloads"("model", "uid");

-- CreateIndex
CREATE INDEX "oidc_payloads_model_user_code_idx" ON "oidc_payloads"("model", "user_code");

-- CreateIndex
CREATE INDEX "oidc_payloads_expires_at_idx" ON "oidc_payloads"("expires_at");

-- CreateIndex
CREATE INDEX "signing_keys_alg_status_idx" ON "signing_keys"("alg", "status");
