-- CreateIndex
CREATE INDEX "jobs_type_status_run_at_id_idx" ON "jobs"("type", "status", "run_at", "id");
