-- Several bridge processes may share one store (PostgreSQL). Each process is an instance that beats a heartbeat
-- here; work under way names its instance: a primary's delivery in flight (deliveries.owner, set with every state it
-- writes) and a queue entry's lease (delivery_queue.leased_by). When an instance stops beating, another takes over
-- what it left under way, one row at a time by a conditional update, so two survivors never both take the same
-- row; a live instance's work is never taken. Rows written before this version have no owner: they are an earlier
-- process's, and so the leftover of a dead one.
CREATE TABLE IF NOT EXISTS bridge_instances (
  instance_id  VARCHAR(64) PRIMARY KEY,
  started_at   BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS owner VARCHAR(64);
ALTER TABLE delivery_queue ADD COLUMN IF NOT EXISTS leased_by VARCHAR(64);
-- a request's idempotency key names the instance answering it: a gone instance's unanswered keys are given back
ALTER TABLE idempotency ADD COLUMN IF NOT EXISTS owner VARCHAR(64);
CREATE INDEX IF NOT EXISTS deliveries_owner ON deliveries (status, owner);
