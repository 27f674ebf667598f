package io.imbridge.canonical;

import java.util.List;

/**
 * What became of a recall: the message it found, and per target that had (or was to have) a copy, the outcome.
 *
 * @param messageId the bridge id of the recalled message
 * @param outcomes  one per target, in target order
 */
public record RecallReport(String messageId, List<Outcome> outcomes) {

    public RecallReport {
        outcomes = List.copyOf(outcomes);
    }

    /** What became of one target's copy. */
    public enum Status {
        /** the target took its copy back */
        RECALLED,
        /** the copy was not delivered yet: its delivery is cancelled */
        CANCELLED,
        /** the target cannot recall (MyChat): the copy stays; a notice may have been sent instead */
        DEGRADED,
        /** the target refused or failed the recall: the copy stays */
        FAILED,
        /** the message never reached the target (its delivery failed): nothing to recall */
        NOT_DELIVERED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Status of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * @param target     the provider
     * @param status     what became of its copy
     * @param category   why it failed (FAILED), else null
     * @param vendorCode the target's own code of the failure, or null
     * @param detail     what a reader needs: the failure's text, why the target cannot recall
     */
    public record Outcome(String target, Status status, String category, Integer vendorCode, String detail) {
    }

    /** The outcome at {@code target}, or null. */
    public Outcome at(String target) {
        return outcomes.stream().filter(o -> o.target().equals(target)).findFirst().orElse(null);
    }
}
