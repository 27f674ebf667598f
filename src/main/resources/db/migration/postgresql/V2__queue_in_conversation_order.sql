-- Queued deliveries of one conversation to one target are tried in the order they were queued: each entry knows
-- its conversation (a SHA-256 of CanonicalMessage.conversationKey), and only the oldest entry of a (target,
-- conversation) is due. Entries queued by an earlier release have none and are not held back.
ALTER TABLE delivery_queue ADD COLUMN IF NOT EXISTS conversation VARCHAR(64);
CREATE INDEX IF NOT EXISTS delivery_queue_conversation ON delivery_queue (target, conversation, id);
