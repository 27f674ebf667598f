package io.imbridge.migrate;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.canonical.Json;
import io.imbridge.delivery.Delivery;
import io.imbridge.delivery.RetryPolicy;
import io.imbridge.delivery.TargetPacing;
import io.imbridge.provider.Backoff;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.MigratedTable;
import io.imbridge.store.MigrationItemTable;

/**
 * The steps of one migrated message's delivery (route {@code migrate-message} in {@code routes/migrate.yaml}): the
 * planned message made the delivery's, each try recorded before it is made, an acceptance recorded with the fact
 * that the target has it (one commit), a failure retried with backoff while it is transient — a rate limit slows
 * the target down and is waited out — and recorded when it is permanent or the tries are spent, the run going on.
 */
@BindToRegistry("migration")
public class Migration implements io.imbridge.delivery.HistoryRun {

    /** Exchange property of the migration's state, {@link Attempt}. */
    static final String ATTEMPT = "bridge.migration";

    /**
     * What a conversation's worker hands the route: a planned message and its place in its conversation.
     */
    public record Send(String runId, String targetId, String target, MigrationItemTable.Item item, long place) {
    }

    /**
     * How a message's tries ended: accepted; failed for good (the conversation goes on); or a transient failure
     * that outlasted its tries ({@code TRY_LATER}: the conversation's later messages wait for it, so a resumed run
     * keeps their order); {@code STOPPED} by a stop asked for meanwhile (left in doubt for a resume).
     */
    public enum Outcome { ACCEPTED, FAILED, TRY_LATER, STOPPED }

    /**
     * A message's tries in this run: {@code done} once it was accepted or failed for good; {@code waitMs} before
     * the next try.
     */
    public record Attempt(Send send, CanonicalMessage message, int tries, int rateLimited, Outcome outcome,
                          long waitMs) {
        boolean done() {
            return outcome != null;
        }

        Attempt tried(Outcome end, long wait) {
            return new Attempt(send, message, tries + 1, rateLimited, end, wait);
        }

        Attempt rateLimited(long wait) {
            return new Attempt(send, message, tries, rateLimited + 1, null, wait);
        }
    }

    private volatile boolean stopping;

    /** A stop was asked for: no message is tried again (one under way is left in doubt for a resume). */
    void stop() {
        stopping = true;
    }

    /** How the message's tries ended (after the route). */
    static Outcome outcome(Exchange exchange) {
        Attempt a = attempt(exchange);
        return a == null || a.outcome() == null ? Outcome.STOPPED : a.outcome();
    }

    @BeanInject("bridgeDatabase")
    BridgeDatabase db;
    @BeanInject("migrationItemTable")
    MigrationItemTable items;
    @BeanInject("migratedTable")
    MigratedTable migrated;
    @BeanInject("targetPacing")
    TargetPacing pacing;

    @PropertyInject(value = "bridge.migrate.max-tries", defaultValue = "8")
    int maxTries;
    @PropertyInject(value = "bridge.migrate.retry-base-ms", defaultValue = "500")
    long retryBaseMs;
    @PropertyInject(value = "bridge.migrate.retry-cap-ms", defaultValue = "30000")
    long retryCapMs;
    /** Rate-limited answers are waited out, not counted as tries, up to this many in a row. */
    @PropertyInject(value = "bridge.migrate.max-rate-limited", defaultValue = "1000")
    int maxRateLimited;

    /**
     * The planned message (the body, a {@link Send}) becomes the history message at its place, delivered to the
     * run's target; its tries continue the count of earlier runs (a provider whose request says it resends, NetEase,
     * then says so, and the target drops a copy it already has).
     */
    public void prepare(Exchange exchange) throws Exception {
        Send send = exchange.getMessage().getBody(Send.class);
        CanonicalMessage planned = Json.MAPPER.readValue(send.item().message(), CanonicalMessage.class);
        CanonicalMessage message = planned.asHistory(planned.id(), send.place());
        exchange.setProperty(Exchanges.SOURCE, message.source().vendor());
        exchange.setProperty(Exchanges.MESSAGE, message);
        Delivery.primary(send.target(), 0, null).withAttempts(send.item().attempts()).put(exchange);
        exchange.setProperty(ATTEMPT, new Attempt(send, message, 0, 0, null, 0));
    }

    /** The loop's condition: the message has no outcome yet. */
    @Override
    public boolean again(Exchange exchange) {
        return !attempt(exchange).done() && !stopping;
    }

    /** A try begins: recorded first, so a process stopped during it knows the target may have the message. */
    @Override
    public void trying(Exchange exchange) {
        Send s = attempt(exchange).send();
        items.trying(s.runId(), s.item().itemNo());
        exchange.getMessage().setBody(attempt(exchange).message());
    }

    /** The target accepted: the outcome and the fact that the target has it, in one commit. */
    @Override
    public void accepted(Exchange exchange) {
        Attempt a = attempt(exchange);
        Send s = a.send();
        db.atomically(items.sent(s.runId(), s.item().itemNo()),
                migrated.accept(s.targetId(), s.item().key(), s.runId()));
        exchange.setProperty(ATTEMPT, a.tried(Outcome.ACCEPTED, 0));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, null);
    }

    /**
     * A try failed: a rate limit pauses the target and is tried again; another transient failure is tried again
     * after a backoff while tries remain; anything else is the message's outcome, and the run goes on.
     */
    @Override
    public long failedTry(Exchange exchange) {
        Attempt a = attempt(exchange);
        Send s = a.send();
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Long retryAfter = Backoff.retryAfterMs(exchange);
        exchange.getMessage().removeHeader("Retry-After");
        int tries = a.tries() + 1;
        if (failure.category() == ErrorCategory.RATE_LIMITED && a.rateLimited() < maxRateLimited) {
            // waited out, not counted as a try
            exchange.setProperty(ATTEMPT, a.rateLimited(Math.max(pacing.slowDown(s.target(), retryAfter), 1)));
            return waitMs(exchange);
        }
        // the one retry rule (RetryPolicy): a run has no deadline, its tries are counted
        RetryPolicy.Decision next = new RetryPolicy(retryBaseMs, retryCapMs, false, maxTries)
                .decide(pacing, s.target(), tries, failure, retryAfter, Long.MAX_VALUE);
        if (next.retry()) {
            exchange.setProperty(ATTEMPT, a.tried(null, next.waitMs()));
            return next.waitMs();
        }
        String reason = failure.getMessage();
        if (failure.category().retriable()) {
            reason = "gave up after " + tries + " tries (a resumed run tries again): " + reason;
        }
        items.failed(s.runId(), s.item().itemNo(), failure.category().label(), failure.vendorCode(),
                (failure.vendor() == null ? "" : failure.vendor() + ": ") + reason);
        exchange.setProperty(ATTEMPT, a.tried(failure.category().retriable() ? Outcome.TRY_LATER : Outcome.FAILED, 0));
        return 0;
    }

    /** How long before the next try. */
    long waitMs(Exchange exchange) {
        return attempt(exchange).waitMs();
    }

    private static Attempt attempt(Exchange exchange) {
        return exchange.getProperty(ATTEMPT, Attempt.class);
    }
}
