-- A message's recall (one per message: a second is answered "already recalled"): the canonical recall as it arrived,
-- and what became of each target's copy (RecallReport's outcomes, JSON). The same as db/migration/h2/V6.
CREATE TABLE IF NOT EXISTS recalls (
  message_id   VARCHAR(26) PRIMARY KEY,
  recall       TEXT NOT NULL,
  outcomes     TEXT,
  recalled_at  BIGINT NOT NULL
) WITHOUT ROWID;
