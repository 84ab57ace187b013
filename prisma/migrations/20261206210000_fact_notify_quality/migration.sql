-- The alert-quality reports a process keeps (server/alerts/quality.service.ts)
-- hear writes to what they read from any process: channel runwell_facts,
-- topic 'quality' (see 20261206200000_fact_notify).
CREATE FUNCTION runwell_notify_quality() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('runwell_facts', 'quality');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Alert_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Alert" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
CREATE TRIGGER "Page_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Page" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
CREATE TRIGGER "Incident_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Incident" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
CREATE TRIGGER "PostMortem_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "PostMortem" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
CREATE TRIGGER "OncallSchedule_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "OncallSchedule" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
CREATE TRIGGER "Team_notify_quality" AFTER INSERT OR UPDATE OR DELETE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_quality();
