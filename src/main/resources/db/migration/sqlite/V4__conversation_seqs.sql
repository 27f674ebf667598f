-- Each conversation's last number, for a provider whose recall names a message by its number in its conversation
-- (OpenIM's seq in its conversationID): the bridge numbers the messages sent to it there likewise, from 1. Kept
-- after the messages expire, so a number is never given twice. The same as
-- db/migration/h2/V8.
CREATE TABLE IF NOT EXISTS conversation_seqs (
  vendor        VARCHAR(32) NOT NULL,
  conversation  VARCHAR(256) NOT NULL,
  seq           BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (vendor, conversation)
) WITHOUT ROWID;
