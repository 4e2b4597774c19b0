-- A revision number for what the pages show. Every statement that changes one of these
-- tables draws the next value, so a cached figure computed at revision r is current
-- as long as the sequence still reads r (src/cache/revision.ts). A sequence takes no
-- row lock: concurrent transitions never wait on each other for it. Sessions, login
-- counters, job leases and document bytes are not shown on pages and do not count.
CREATE SEQUENCE "data_revision";

CREATE FUNCTION "bump_data_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('data_revision');
  RETURN NULL;
END
$$;

CREATE TRIGGER "Skpd_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Skpd" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "User_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "AdminLog_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AdminLog" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Case_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Case" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Task_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Task" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "CaseEvent_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CaseEvent" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Document_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Document" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Comment_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Comment" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCounter_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "NumberCounter" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCollision_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "NumberCollision" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "RegisterNumber_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RegisterNumber" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Distribution_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Distribution" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Holiday_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Holiday" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Setting_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Agreement_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Agreement" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Evaluation_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Evaluation" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "ProgressReport_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ProgressReport" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Notification_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Notification" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
