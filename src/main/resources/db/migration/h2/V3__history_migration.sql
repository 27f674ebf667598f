-- History migration (the migrate command), kept in its own database file of the data directory (migration.mv.db).
-- A run is one migration of one input (its from, to and input); its plan is every input line read and checked, in
-- input order; each planned message is sent in its conversation's order and its outcome kept, so an interrupted run
-- resumes where it stopped.
CREATE TABLE IF NOT EXISTS migration_runs (
    run_id      VARCHAR(64) PRIMARY KEY,
    from_vendor VARCHAR(32) NOT NULL,
    to_vendor   VARCHAR(32) NOT NULL,
    input       VARCHAR(4096) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    -- PLANNING while the input is read, PLANNED once every line is, FINISHED when every message has an outcome
    state       VARCHAR(16) NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    -- input lines read, and how many of them were blank
    lines       BIGINT,
    blank_lines BIGINT
);

-- One row per message read (or line refused) in input order (item_no). Sent in (conversation, sort_time, sort_seq,
-- item_no) order. status: PENDING, SENDING (a try is under way or was when the process stopped), SENT, SKIPPED
-- (accepted by the target in an earlier run), DUPLICATE (the same source message earlier in the input), FAILED,
-- INVALID (the line cannot be migrated).
CREATE TABLE IF NOT EXISTS migration_items (
    run_id       VARCHAR(64) NOT NULL,
    item_no      BIGINT NOT NULL,
    input_file   VARCHAR(4096) NOT NULL,
    input_line   BIGINT NOT NULL,
    conversation VARCHAR(64),
    sort_time    BIGINT NOT NULL,
    sort_seq     BIGINT NOT NULL,
    item_key     VARCHAR(1024),
    message      CLOB,
    status       VARCHAR(16) NOT NULL,
    attempts     INT NOT NULL DEFAULT 0,
    degraded     VARCHAR(4096),
    category     VARCHAR(32),
    vendor_code  INT,
    reason       VARCHAR(4096),
    PRIMARY KEY (run_id, item_no)
);
CREATE INDEX IF NOT EXISTS migration_items_order ON migration_items (run_id, conversation, sort_time, sort_seq, item_no);
CREATE INDEX IF NOT EXISTS migration_items_status ON migration_items (run_id, status);
CREATE INDEX IF NOT EXISTS migration_items_key ON migration_items (run_id, item_key, item_no);

-- What a target accepted, by the source message's key: never sent to it twice, whichever run or input brings it.
-- The target is its provider, URL and app (another app of the same provider is another target).
CREATE TABLE IF NOT EXISTS migrated (
    target      VARCHAR(1024) NOT NULL,
    item_key    VARCHAR(1024) NOT NULL,
    run_id      VARCHAR(64) NOT NULL,
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (target, item_key)
);
