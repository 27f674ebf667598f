-- A message's queue entries and dead letters, found by its id: the console's live flow and journeys read them for
-- the messages shown, and retention's and recovery's checks of a message's pending work (NOT EXISTS … WHERE
-- message_id = …) no longer scan either table.
CREATE INDEX IF NOT EXISTS delivery_queue_message ON delivery_queue (message_id);
CREATE INDEX IF NOT EXISTS dead_letters_message ON dead_letters (message_id);
