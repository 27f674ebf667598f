-- im-bridge state on a shared PostgreSQL (bridge.store.url=jdbc:postgresql://…), version 1: the same tables as the
-- embedded H2 store's V1 (db/migration/h2), in PostgreSQL's types (TEXT for CLOB, BIGSERIAL for AUTO_INCREMENT).
-- Each version here makes the same schema as the H2 version of the same number.
CREATE TABLE IF NOT EXISTS messages (
  id           VARCHAR(26) PRIMARY KEY,
  source       VARCHAR(32) NOT NULL,
  canonical    TEXT NOT NULL,
  received_at  BIGINT NOT NULL
);
-- every id a message has anywhere: the source's ids and each target's, under the vendor's own names
CREATE TABLE IF NOT EXISTS message_ids (
  vendor       VARCHAR(32) NOT NULL,
  name         VARCHAR(64) NOT NULL,
  id_value     VARCHAR(256) NOT NULL,
  message_id   VARCHAR(26) NOT NULL,
  PRIMARY KEY (vendor, name, id_value, message_id)
);
CREATE INDEX IF NOT EXISTS message_ids_value ON message_ids (id_value);
CREATE TABLE IF NOT EXISTS deliveries (
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  role         VARCHAR(16) NOT NULL,
  status       VARCHAR(16) NOT NULL,
  attempts     INT NOT NULL,
  category     VARCHAR(32),
  vendor_code  INT,
  detail       VARCHAR(1024),
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (message_id, target)
);
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries (status);
-- the target's receipts of a delivered message (JSON): a resumed request is answered from them
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS receipts TEXT;
-- the calls a target accepted for a message that needs several (recipients, elements, chunks): a later try of the
-- same message makes only the others
CREATE TABLE IF NOT EXISTS delivered_calls (
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  call_key     VARCHAR(80) NOT NULL,
  receipt      TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (message_id, target, call_key)
);
-- replies already given, by the caller's idempotency key: a retry of the same request gets the same answer
CREATE TABLE IF NOT EXISTS idempotency (
  idem_key     VARCHAR(512) PRIMARY KEY,
  message_id   VARCHAR(26),
  status       INT,
  content_type VARCHAR(128),
  reply        TEXT,
  created_at   BIGINT NOT NULL,
  released     BOOLEAN DEFAULT FALSE NOT NULL
);
-- a data directory made before the column existed
ALTER TABLE idempotency ADD COLUMN IF NOT EXISTS released BOOLEAN DEFAULT FALSE NOT NULL;
CREATE TABLE IF NOT EXISTS dead_letters (
  id           BIGSERIAL PRIMARY KEY,
  message_id   VARCHAR(26),
  target       VARCHAR(32),
  category     VARCHAR(32),
  vendor       VARCHAR(32),
  vendor_code  INT,
  reason       VARCHAR(1024),
  attempts     INT,
  created_at   BIGINT NOT NULL,
  status       VARCHAR(16) NOT NULL
);
-- deliveries waiting for their next try: mirrors, retried primaries, recovered and re-driven messages
CREATE TABLE IF NOT EXISTS delivery_queue (
  id           BIGSERIAL PRIMARY KEY,
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  role         VARCHAR(16) NOT NULL,
  attempts     INT NOT NULL,
  not_before   BIGINT NOT NULL,
  first_at     BIGINT NOT NULL,
  leased_until BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_queue_due ON delivery_queue (not_before);
