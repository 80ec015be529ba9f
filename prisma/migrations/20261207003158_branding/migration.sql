-- CreateTable
CREATE TABLE "branding" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "product_name" TEXT,
    "primary_color" TEXT,
    "background_color" TEXT,
    "logo" BYTEA,
    "logo_type" TEXT,
    "logo_hash" TEXT,
    "favicon" BYTEA,
    "favicon_type" TEXT,
    "favicon_hash" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "branding_pkey" PRIMARY KEY ("id")
);
