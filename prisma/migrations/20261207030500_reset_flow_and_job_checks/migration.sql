-- The closed sets the code switches on, enforced by the database as well: a row written by a
-- script, an older instance or a hand-made UPDATE cannot hold a state the code has no branch for.
-- Prisma's schema has no CHECK constraints, so they live only here (the schema engine ignores
-- them when it diffs). lib/reset/checks.test.ts keeps the lists equal to RESET_STATES,
-- RESET_SOURCES and JOB_STATUSES.

-- AddCheckConstraint
ALTER TABLE "reset_flows" ADD CONSTRAINT "reset_flows_state_check" CHECK ("state" IN ('link_sent', 'link_verified', 'awaiting_factor', 'awaiting_redirect', 'password_allowed', 'completed', 'expired', 'denied'));

-- AddCheckConstraint
ALTER TABLE "reset_flows" ADD CONSTRAINT "reset_flows_source_check" CHECK ("source" IN ('email', 'api', 'admin', 'ticket'));

-- AddCheckConstraint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_status_check" CHECK ("status" IN ('pending', 'running', 'succeeded', 'dead'));
