-- Cross-process news for per-process memos (server/database/notifications.ts):
-- a write to a table behind the SLO lists notifies channel runwell_facts with
-- the topic 'slos'. Statement-level, so a sampler tick that updates 10,000
-- states in a few statements sends a few notices; NOTIFY is delivered at
-- commit (never for a rolled-back write), and identical notices of one
-- transaction are folded into one by PostgreSQL.
CREATE FUNCTION runwell_notify_slos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('runwell_facts', 'slos');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Slo_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Slo" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_slos();
CREATE TRIGGER "SloState_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "SloState" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_slos();
CREATE TRIGGER "SloSamplerState_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "SloSamplerState" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_slos();
-- The lists show service and team names.
CREATE TRIGGER "Service_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Service" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_slos();
CREATE TRIGGER "Team_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_slos();
