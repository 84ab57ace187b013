-- The alert-quality reports a process keeps (server/alerts/quality.service.ts)
-- hear writes to what they read, from any process: topic 'quality' on
-- channel runwell_facts (runwell_notify_fact, migration 20261206200000).
CREATE TRIGGER "Alert_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Alert" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
CREATE TRIGGER "Page_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Page" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
CREATE TRIGGER "Incident_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Incident" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
CREATE TRIGGER "PostMortem_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "PostMortem" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
CREATE TRIGGER "OncallSchedule_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "OncallSchedule" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
CREATE TRIGGER "Team_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('quality');
