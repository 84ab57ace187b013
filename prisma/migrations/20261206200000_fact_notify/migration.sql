-- Cross-process news for per-process memos (server/database/notifications.ts):
-- a write to a table behind a memo notifies channel runwell_facts with the
-- memo's topic, given as the trigger's argument. Statement-level, so a sampler
-- tick that updates 10,000 states in a few statements sends a few notices;
-- NOTIFY is delivered at commit (never for a rolled-back write), and
-- identical notices of one transaction are folded into one by PostgreSQL.
CREATE FUNCTION runwell_notify_fact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('runwell_facts', TG_ARGV[0]);
  RETURN NULL;
END;
$$;

-- The SLO lists of now (server/slo/slo-read.service.ts); they show service and team names.
CREATE TRIGGER "Slo_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Slo" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('slos');
CREATE TRIGGER "SloState_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "SloState" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('slos');
CREATE TRIGGER "SloSamplerState_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "SloSamplerState" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('slos');
CREATE TRIGGER "Service_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Service" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('slos');
CREATE TRIGGER "Team_notify_slos" AFTER INSERT OR UPDATE OR DELETE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION runwell_notify_fact('slos');
