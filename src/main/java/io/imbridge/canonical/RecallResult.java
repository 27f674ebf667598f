package io.imbridge.canonical;

/**
 * One recall as the bridge answers its caller: what became of each copy ({@code report}), or why the recall was
 * refused ({@code failure}: the message unknown, recalled before).
 */
public record RecallResult(Recall recall, RecallReport report, BridgeException failure) {

    public static RecallResult done(Recall recall, RecallReport report) {
        return new RecallResult(recall, report, null);
    }

    public static RecallResult refused(Recall recall, BridgeException failure) {
        return new RecallResult(recall, null, failure);
    }

    /**
     * What a caller's reply may say of the copies that stay (a target that cannot recall, one that refused): null when
     * every copy was taken back.
     */
    public String copiesLeft() {
        if (report == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (RecallReport.Outcome o : report.outcomes()) {
            if (o.status() == RecallReport.Status.DEGRADED || o.status() == RecallReport.Status.FAILED) {
                s.append(s.isEmpty() ? "" : "; ").append("not recalled at ").append(o.target()).append(": ")
                        .append(o.detail());
            }
        }
        return s.isEmpty() ? null : s.toString();
    }
}
