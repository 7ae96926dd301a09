-- CreateEnum
CREATE TYPE "PromptKind" AS ENUM ('text', 'config');

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('draft', 'running', 'stopped', 'completed');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'cancelled');

-- CreateTable
CREATE TABLE "prompts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PromptKind" NOT NULL DEFAULT 'text',
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prompt_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "template" TEXT,
    "config" JSONB,
    "variables" TEXT[],
    "model" TEXT,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "commit_message" TEXT NOT NULL,
    "author_type" "ActorType" NOT NULL,
    "author_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prompt_labels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "prompt_label_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "prompt_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "from_version_id" UUID,
    "to_version_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompt_label_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hypothesis" TEXT,
    "prompt_id" UUID NOT NULL,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'draft',
    "salt" TEXT NOT NULL,
    "primary_metric" TEXT NOT NULL,
    "guardrails" JSONB NOT NULL DEFAULT '[]',
    "min_sample_per_arm" INTEGER NOT NULL DEFAULT 100,
    "max_sample_per_arm" INTEGER,
    "min_relative_lift" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "alpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "method" TEXT NOT NULL DEFAULT 'sequential',
    "correction" TEXT NOT NULL DEFAULT 'holm',
    "allocation" TEXT NOT NULL DEFAULT 'fixed',
    "attribution_window_days" INTEGER NOT NULL DEFAULT 14,
    "decision" TEXT,
    "decision_reasons" JSONB NOT NULL DEFAULT '[]',
    "winner_arm_id" UUID,
    "sequential_state" JSONB NOT NULL DEFAULT '{}',
    "last_evaluated_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_arms" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "experiment_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_control" BOOLEAN NOT NULL DEFAULT false,
    "weight" DOUBLE PRECISION NOT NULL,
    "prompt_version_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "experiment_arms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_assignments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "experiment_id" UUID NOT NULL,
    "arm_id" UUID NOT NULL,
    "unit_id" TEXT NOT NULL,
    "first_exposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_exposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "exposures" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "experiment_assignments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "experiment_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "experiment_id" UUID NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "units" INTEGER NOT NULL,
    "decision" TEXT NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "experiment_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "experiment_id" UUID,
    "prompt_id" UUID,
    "label" TEXT,
    "from_version_id" UUID,
    "to_version_id" UUID,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "requested_by_type" "ActorType" NOT NULL,
    "requested_by_id" TEXT,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "rolled_back_at" TIMESTAMPTZ(3),
    "rolled_back_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "prompts_tenant_id_name_key" ON "prompts"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "prompt_versions_tenant_id_idx" ON "prompt_versions"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "prompt_versions_prompt_id_version_key" ON "prompt_versions"("prompt_id", "version");

-- CreateIndex
CREATE INDEX "prompt_labels_tenant_id_idx" ON "prompt_labels"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "prompt_labels_prompt_id_name_key" ON "prompt_labels"("prompt_id", "name");

-- CreateIndex
CREATE INDEX "prompt_label_events_prompt_id_label_created_at_idx" ON "prompt_label_events"("prompt_id", "label", "created_at");

-- CreateIndex
CREATE INDEX "experiments_tenant_id_status_idx" ON "experiments"("tenant_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "experiments_tenant_id_key_key" ON "experiments"("tenant_id", "key");

-- CreateIndex
CREATE INDEX "experiment_arms_tenant_id_idx" ON "experiment_arms"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "experiment_arms_experiment_id_key_key" ON "experiment_arms"("experiment_id", "key");

-- CreateIndex
CREATE INDEX "experiment_assignments_tenant_id_experiment_id_arm_id_idx" ON "experiment_assignments"("tenant_id", "experiment_id", "arm_id");

-- CreateIndex
CREATE UNIQUE INDEX "experiment_assignments_experiment_id_unit_id_key" ON "experiment_assignments"("experiment_id", "unit_id");

-- CreateIndex
CREATE INDEX "experiment_results_experiment_id_computed_at_idx" ON "experiment_results"("experiment_id", "computed_at");

-- CreateIndex
CREATE INDEX "experiment_results_tenant_id_idx" ON "experiment_results"("tenant_id");

-- CreateIndex
CREATE INDEX "approval_requests_tenant_id_status_created_at_idx" ON "approval_requests"("tenant_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "approval_requests_experiment_id_idx" ON "approval_requests"("experiment_id");

-- AddForeignKey
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_labels" ADD CONSTRAINT "prompt_labels_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_labels" ADD CONSTRAINT "prompt_labels_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "prompt_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prompt_label_events" ADD CONSTRAINT "prompt_label_events_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_arms" ADD CONSTRAINT "experiment_arms_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_arms" ADD CONSTRAINT "experiment_arms_prompt_version_id_fkey" FOREIGN KEY ("prompt_version_id") REFERENCES "prompt_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_arm_id_fkey" FOREIGN KEY ("arm_id") REFERENCES "experiment_arms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "experiment_results" ADD CONSTRAINT "experiment_results_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
