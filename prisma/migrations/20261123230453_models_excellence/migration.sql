-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('candidate', 'production', 'archived');

-- CreateEnum
CREATE TYPE "ModelRunStatus" AS ENUM ('running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "excellence_components" JSONB,
ADD COLUMN     "excellence_computed_at" TIMESTAMPTZ(3),
ADD COLUMN     "excellence_score" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "approval_requests" ADD COLUMN     "from_model_version_id" UUID,
ADD COLUMN     "to_model_version_id" UUID;

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "family" TEXT NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'candidate',
    "source" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "training_from" TIMESTAMPTZ(3),
    "training_to" TIMESTAMPTZ(3),
    "train_rows" INTEGER NOT NULL,
    "holdout_rows" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "importance" JSONB NOT NULL,
    "comparison" JSONB,
    "artifact" JSONB NOT NULL,
    "training_ms" INTEGER NOT NULL,
    "note" TEXT,
    "created_by_type" "ActorType" NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promoted_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "predictions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID,
    "lead_id" UUID,
    "probability" DOUBLE PRECISION NOT NULL,
    "features" JSONB NOT NULL,
    "contributions" JSONB NOT NULL,
    "predicted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actual" INTEGER,
    "error_points" DOUBLE PRECISION,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_training_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ModelRunStatus" NOT NULL DEFAULT 'running',
    "stage" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "message" TEXT,
    "model_version_id" UUID,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "excellence_reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "period_from" TIMESTAMPTZ(3) NOT NULL,
    "period_to" TIMESTAMPTZ(3) NOT NULL,
    "call_count" INTEGER NOT NULL,
    "report" JSONB NOT NULL,
    "generated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "excellence_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_versions_tenant_id_target_status_idx" ON "model_versions"("tenant_id", "target", "status");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_tenant_id_target_version_key" ON "model_versions"("tenant_id", "target", "version");

-- CreateIndex
CREATE INDEX "predictions_tenant_id_target_resolved_at_idx" ON "predictions"("tenant_id", "target", "resolved_at");

-- CreateIndex
CREATE INDEX "predictions_tenant_id_subject_type_subject_id_idx" ON "predictions"("tenant_id", "subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "predictions_model_version_id_idx" ON "predictions"("model_version_id");

-- CreateIndex
CREATE INDEX "model_training_runs_tenant_id_started_at_idx" ON "model_training_runs"("tenant_id", "started_at");

-- CreateIndex
CREATE INDEX "excellence_reports_tenant_id_generated_at_idx" ON "excellence_reports"("tenant_id", "generated_at");

-- CreateIndex
CREATE INDEX "calls_tenant_id_excellence_score_idx" ON "calls"("tenant_id", "excellence_score");

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_training_runs" ADD CONSTRAINT "model_training_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "excellence_reports" ADD CONSTRAINT "excellence_reports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
