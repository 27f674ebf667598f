package io.imbridge.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a delivery to a target is made: the source's primary while its caller waits, a mirror, the primary tried again
 * after its caller was answered, a delivery under way at a crash, a re-driven dead letter. Stored (deliveries.role,
 * delivery_queue.role) and carried in queue entries by its label, which earlier releases wrote too.
 */
public enum Role {
    PRIMARY("primary"), MIRROR("mirror"), RETRY("retry"), RECOVERED("recovered"), REDRIVE("redrive");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no delivery role " + label);
    }
}
