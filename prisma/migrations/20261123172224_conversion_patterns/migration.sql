-- CreateEnum
CREATE TYPE "PatternType" AS ENUM ('who', 'what', 'when', 'how');

-- CreateEnum
CREATE TYPE "PatternRunKind" AS ENUM ('learn', 'backfill');

-- CreateEnum
CREATE TYPE "PatternRunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "conversion_patterns" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "type" "PatternType" NOT NULL,
    "version" INTEGER NOT NULL,
    "patterns" JSONB NOT NULL,
    "sample_size" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "run_id" UUID,

    CONSTRAINT "conversion_patterns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversion_pattern_history" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "type" "PatternType" NOT NULL,
    "version" INTEGER NOT NULL,
    "patterns" JSONB NOT NULL,
    "sample_size" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "drift" JSONB,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "run_id" UUID,

    CONSTRAINT "conversion_pattern_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pattern_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "kind" "PatternRunKind" NOT NULL,
    "status" "PatternRunStatus" NOT NULL,
    "stages" JSONB NOT NULL DEFAULT '[]',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "range_from" TIMESTAMPTZ(3),
    "range_to" TIMESTAMPTZ(3),
    "requested_by" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "pattern_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pattern_health_checks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "findings" JSONB NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pattern_health_checks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversion_patterns_tenant_id_type_key" ON "conversion_patterns"("tenant_id", "type");

-- CreateIndex
CREATE INDEX "conversion_pattern_history_tenant_id_type_computed_at_idx" ON "conversion_pattern_history"("tenant_id", "type", "computed_at");

-- CreateIndex
CREATE UNIQUE INDEX "conversion_pattern_history_tenant_id_type_version_key" ON "conversion_pattern_history"("tenant_id", "type", "version");

-- CreateIndex
CREATE INDEX "pattern_runs_tenant_id_created_at_idx" ON "pattern_runs"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "pattern_health_checks_tenant_id_checked_at_idx" ON "pattern_health_checks"("tenant_id", "checked_at");

-- AddForeignKey
ALTER TABLE "conversion_patterns" ADD CONSTRAINT "conversion_patterns_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversion_pattern_history" ADD CONSTRAINT "conversion_pattern_history_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pattern_runs" ADD CONSTRAINT "pattern_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pattern_health_checks" ADD CONSTRAINT "pattern_health_checks_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
