-- CreateIndex
CREATE INDEX "outcomes_touch_id_idx" ON "outcomes"("touch_id");

-- CreateIndex
CREATE INDEX "outcomes_call_id_idx" ON "outcomes"("call_id");
