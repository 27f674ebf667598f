package io.imbridge.store;

/**
 * Where a message's delivery to one target stands (deliveries.status, by its label): waiting in the queue, tried
 * and waiting for its next try, under way while the caller waits, accepted by the target, failed for good, taken back by
 * a recall (cancelled before it was made, or recalled at the target).
 */
public enum DeliveryStatus {
    QUEUED("queued"), PENDING("pending"), IN_FLIGHT("in-flight"), DELIVERED("delivered"), FAILED("failed"), RECALLED("recalled");

    private final String label;

    DeliveryStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Statuses of a delivery the bridge still has to make. */
    public boolean open() {
        return this == QUEUED || this == PENDING || this == IN_FLIGHT;
    }

    /** Statuses of a delivery that must not be made (again): made, or recalled. */
    public boolean closed() {
        return this == DELIVERED || this == RECALLED;
    }

    public static DeliveryStatus of(String label) {
        for (DeliveryStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no delivery status " + label);
    }
}
