package io.imbridge.delivery;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.store.Role;

/**
 * One queued delivery as it travels to {@code bridge.queue.endpoint} (JSON; the same shape earlier releases wrote):
 * the embedded queue's row, or an entry on a Kafka topic carrying the whole message so any instance can deliver it.
 *
 * @param rowId     the embedded queue's row, or 0 (Kafka)
 * @param notBefore epoch ms before which it is not tried
 * @param firstAt   when it was first queued (its age counts from here)
 * @param message   the canonical message (null in an entry read from the embedded queue: it is loaded)
 */
public record QueueEntry(long rowId, String messageId, String target, Role role, int attempts, long notBefore,
                         long firstAt, CanonicalMessage message) {

    /** The entry to be tried again: its tries so far and its next try's time, the rest as it was. */
    public QueueEntry retried(int tries, long nextTryAt) {
        return new QueueEntry(rowId, messageId, target, role, tries, nextTryAt, firstAt, message);
    }
}
