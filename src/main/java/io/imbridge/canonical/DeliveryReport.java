package io.imbridge.canonical;

import java.util.List;

/** The primary target's receipts for one message: one per call the target needed (recipients, elements). */
public record DeliveryReport(String target, List<DeliveryReceipt> receipts) {
    public DeliveryReport {
        receipts = List.copyOf(receipts);
    }

    /** The first receipt's id under {@code name}, or null. */
    public String firstId(String name) {
        return receipts.stream().map(r -> r.ids().get(name)).filter(v -> v != null).findFirst().orElse(null);
    }

    /** The first receipt's time, or null. */
    public Long firstSentAt() {
        return receipts.stream().map(DeliveryReceipt::sentAt).filter(v -> v != null).findFirst().orElse(null);
    }
}
