-- im-bridge state in the embedded SQLite file (bridge.data-dir/bridge.db; the migrate command's migration.db), made
-- at once in the schema the H2 and PostgreSQL stores reached in their V1-V5. A data directory of an earlier release
-- (H2's bridge.mv.db) is converted into it at start (StoreConversion). Later changes are new V<n> files, the same
-- change for each dialect.
--
-- Written per bridged message, so kept lean: tables keyed by text are WITHOUT ROWID (the key is the table, no second
-- tree), and only the indexes a query needs.
CREATE TABLE messages (
  id           VARCHAR(26) PRIMARY KEY,
  source       VARCHAR(32) NOT NULL,
  canonical    TEXT NOT NULL,
  received_at  BIGINT NOT NULL
) WITHOUT ROWID;
-- every id a message has anywhere, the source's and each target's, under the vendor's own names: found by its value
-- (a loop, a lookup) through the key, and by its message (journeys, retention) through the second index
CREATE TABLE message_ids (
  vendor       VARCHAR(32) NOT NULL,
  name         VARCHAR(64) NOT NULL,
  id_value     VARCHAR(256) NOT NULL,
  message_id   VARCHAR(26) NOT NULL,
  PRIMARY KEY (id_value, vendor, name, message_id)
) WITHOUT ROWID;
CREATE INDEX message_ids_message ON message_ids (message_id);
CREATE TABLE deliveries (
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  role         VARCHAR(16) NOT NULL,
  status       VARCHAR(16) NOT NULL,
  attempts     INT NOT NULL,
  category     VARCHAR(32),
  vendor_code  INT,
  detail       VARCHAR(1024),
  updated_at   BIGINT NOT NULL,
  receipts     TEXT,
  owner        VARCHAR(64),
  PRIMARY KEY (message_id, target)
) WITHOUT ROWID;
-- deliveries by status (recovery, pending work) and by their owner's instance
CREATE INDEX deliveries_owner ON deliveries (status, owner);
CREATE TABLE delivered_calls (
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  call_key     VARCHAR(80) NOT NULL,
  receipt      TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (message_id, target, call_key)
) WITHOUT ROWID;
CREATE TABLE idempotency (
  idem_key     VARCHAR(512) PRIMARY KEY,
  message_id   VARCHAR(26),
  status       INT,
  content_type VARCHAR(128),
  reply        TEXT,
  created_at   BIGINT NOT NULL,
  released     BOOLEAN DEFAULT FALSE NOT NULL,
  owner        VARCHAR(64)
) WITHOUT ROWID;
CREATE TABLE dead_letters (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE INDEX dead_letters_message ON dead_letters (message_id);
-- deliveries waiting for their next try; only the oldest entry of a (target, conversation) is due
CREATE TABLE delivery_queue (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  role         VARCHAR(16) NOT NULL,
  attempts     INT NOT NULL,
  not_before   BIGINT NOT NULL,
  first_at     BIGINT NOT NULL,
  leased_until BIGINT NOT NULL,
  conversation VARCHAR(64),
  leased_by    VARCHAR(64)
);
CREATE INDEX delivery_queue_due ON delivery_queue (not_before);
CREATE INDEX delivery_queue_conversation ON delivery_queue (target, conversation, id);
CREATE INDEX delivery_queue_message ON delivery_queue (message_id);
-- history migration (the migrate command, in its own file migration.db): see db/migration/h2/V3
CREATE TABLE migration_runs (
  run_id      VARCHAR(64) PRIMARY KEY,
  from_vendor VARCHAR(32) NOT NULL,
  to_vendor   VARCHAR(32) NOT NULL,
  input       VARCHAR(4096) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  state       VARCHAR(16) NOT NULL,
  started_at  BIGINT NOT NULL,
  finished_at BIGINT,
  lines       BIGINT,
  blank_lines BIGINT
) WITHOUT ROWID;
CREATE TABLE migration_items (
  run_id       VARCHAR(64) NOT NULL,
  item_no      BIGINT NOT NULL,
  input_file   VARCHAR(4096) NOT NULL,
  input_line   BIGINT NOT NULL,
  conversation VARCHAR(64),
  sort_time    BIGINT NOT NULL,
  sort_seq     BIGINT NOT NULL,
  item_key     VARCHAR(1024),
  message      TEXT,
  status       VARCHAR(16) NOT NULL,
  attempts     INT NOT NULL DEFAULT 0,
  degraded     VARCHAR(4096),
  category     VARCHAR(32),
  vendor_code  INT,
  reason       VARCHAR(4096),
  PRIMARY KEY (run_id, item_no)
) WITHOUT ROWID;
CREATE INDEX migration_items_order ON migration_items (run_id, conversation, sort_time, sort_seq, item_no);
CREATE INDEX migration_items_status ON migration_items (run_id, status);
CREATE INDEX migration_items_key ON migration_items (run_id, item_key, item_no);
CREATE TABLE migrated (
  target      VARCHAR(1024) NOT NULL,
  item_key    VARCHAR(1024) NOT NULL,
  run_id      VARCHAR(64) NOT NULL,
  accepted_at BIGINT NOT NULL,
  PRIMARY KEY (target, item_key)
) WITHOUT ROWID;
CREATE TABLE bridge_instances (
  instance_id  VARCHAR(64) PRIMARY KEY,
  started_at   BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
) WITHOUT ROWID;
