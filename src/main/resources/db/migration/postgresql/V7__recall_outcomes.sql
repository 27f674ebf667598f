-- What became of each target's copy of a recalled message, one row per target: the recall and a delivery finishing
-- after it (its copy then recalled at once) each write their own target's row, never another's.
CREATE TABLE IF NOT EXISTS recall_outcomes (
  message_id   VARCHAR(26) NOT NULL,
  target       VARCHAR(32) NOT NULL,
  outcome      TEXT NOT NULL,
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (message_id, target)
);
ALTER TABLE recalls DROP COLUMN IF EXISTS outcomes;
