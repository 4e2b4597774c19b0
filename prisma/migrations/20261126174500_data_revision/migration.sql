-- A revision number for what the pages show. Every row written to one of these tables
-- draws the next value (a statement that changes no row draws none: a poll that finds
-- nothing to do does not empty the caches), so a cached figure computed at revision r is current
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

CREATE TRIGGER "Skpd_revision" AFTER INSERT OR UPDATE OR DELETE ON "Skpd" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Skpd_revision_truncate" AFTER TRUNCATE ON "Skpd" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "User_revision" AFTER INSERT OR UPDATE OR DELETE ON "User" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "User_revision_truncate" AFTER TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "AdminLog_revision" AFTER INSERT OR UPDATE OR DELETE ON "AdminLog" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "AdminLog_revision_truncate" AFTER TRUNCATE ON "AdminLog" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Case_revision" AFTER INSERT OR UPDATE OR DELETE ON "Case" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Case_revision_truncate" AFTER TRUNCATE ON "Case" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Task_revision" AFTER INSERT OR UPDATE OR DELETE ON "Task" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Task_revision_truncate" AFTER TRUNCATE ON "Task" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "CaseEvent_revision" AFTER INSERT OR UPDATE OR DELETE ON "CaseEvent" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "CaseEvent_revision_truncate" AFTER TRUNCATE ON "CaseEvent" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Document_revision" AFTER INSERT OR UPDATE OR DELETE ON "Document" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Document_revision_truncate" AFTER TRUNCATE ON "Document" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Comment_revision" AFTER INSERT OR UPDATE OR DELETE ON "Comment" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Comment_revision_truncate" AFTER TRUNCATE ON "Comment" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCounter_revision" AFTER INSERT OR UPDATE OR DELETE ON "NumberCounter" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCounter_revision_truncate" AFTER TRUNCATE ON "NumberCounter" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCollision_revision" AFTER INSERT OR UPDATE OR DELETE ON "NumberCollision" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "NumberCollision_revision_truncate" AFTER TRUNCATE ON "NumberCollision" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "RegisterNumber_revision" AFTER INSERT OR UPDATE OR DELETE ON "RegisterNumber" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "RegisterNumber_revision_truncate" AFTER TRUNCATE ON "RegisterNumber" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Distribution_revision" AFTER INSERT OR UPDATE OR DELETE ON "Distribution" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Distribution_revision_truncate" AFTER TRUNCATE ON "Distribution" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Holiday_revision" AFTER INSERT OR UPDATE OR DELETE ON "Holiday" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Holiday_revision_truncate" AFTER TRUNCATE ON "Holiday" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Setting_revision" AFTER INSERT OR UPDATE OR DELETE ON "Setting" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Setting_revision_truncate" AFTER TRUNCATE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Agreement_revision" AFTER INSERT OR UPDATE OR DELETE ON "Agreement" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Agreement_revision_truncate" AFTER TRUNCATE ON "Agreement" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Evaluation_revision" AFTER INSERT OR UPDATE OR DELETE ON "Evaluation" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Evaluation_revision_truncate" AFTER TRUNCATE ON "Evaluation" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "ProgressReport_revision" AFTER INSERT OR UPDATE OR DELETE ON "ProgressReport" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "ProgressReport_revision_truncate" AFTER TRUNCATE ON "ProgressReport" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Notification_revision" AFTER INSERT OR UPDATE OR DELETE ON "Notification" FOR EACH ROW EXECUTE FUNCTION "bump_data_revision"();
CREATE TRIGGER "Notification_revision_truncate" AFTER TRUNCATE ON "Notification" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_revision"();
