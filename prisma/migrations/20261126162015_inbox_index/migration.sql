-- CreateIndex
CREATE INDEX "Task_status_dueOn_id_idx" ON "Task"("status", "dueOn", "id");

