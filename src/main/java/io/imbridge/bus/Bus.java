package io.imbridge.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.imbridge.canonical.BridgeException;
import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.DeliveryReceipt;
import io.imbridge.canonical.DeliveryReport;
import io.imbridge.canonical.ErrorCategory;
import io.imbridge.delivery.Delivery;
import io.imbridge.delivery.DeliveryQueue;
import io.imbridge.delivery.PrimaryDelivery;
import io.imbridge.delivery.QueueEntry;
import io.imbridge.delivery.RetryLater;
import io.imbridge.delivery.Router;
import io.imbridge.provider.Exchanges;
import io.imbridge.provider.Failures;
import io.imbridge.store.DeliveryStatus;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.Role;
import io.imbridge.support.ContextBean;

/**
 * The route steps of the enterprise bus ({@code bridge.bus=kafka}, routes/bus.yaml): every accepted message is an
 * event on {@code bridge.kafka.topic.messages} ({@link BusEvents}); each target's consumer group
 * ({@code <bridge.kafka.group-prefix>-<target>}) delivers the events naming it through the target's own delivery
 * route, a batch at a time in lanes, one per conversation ({@link BusBatch}), and a record's offset is committed
 * only once the target has the message, it is a dead letter, or it was not for this target. A failed try is retried
 * in place (the conversation waits) for up to {@code bridge.bus.retry-in-place-ms}; past that the record is read
 * again. Dead letters go to {@code bridge.kafka.topic.dead-letters} (the record unchanged, with
 * Kafka Connect's {@code __connect.errors.*} headers); every delivery's outcome to {@code bridge.kafka.topic.status}.
 */
@BindToRegistry("bus")
public class Bus extends ContextBean {

    private static final Logger LOG = LoggerFactory.getLogger("im-bridge.bus");
    /** Exchange property: the target whose consumer group read the record. */
    public static final String TARGET = "bridge.bus.target";
    static final String RECORD = "bridge.bus.record";
    static final String BATCH = "bridge.bus.batch";
    static final String ITEM = "bridge.bus.item";
    /** Exchange property: why {@link #take} skipped a record ({@code already-delivered}, {@code invalid}). */
    static final String SKIPPED = "bridge.bus.skipped";
    static final String MESSAGES_OUT = "direct:bus-messages-out";
    static final String DEAD_LETTERS_OUT = "direct:bus-dead-letters-out";
    static final String STATUS_OUT = "direct:bus-status-out";
    static final String ERRORS = "__connect.errors.";

    @PropertyInject(value = "bridge.bus", defaultValue = "memory")
    String mode;
    private List<String> routeBus = List.of();
    private volatile boolean started;
    private volatile Exception startFailure;

    /** Targets of events that name none ({@code bridge.route.bus}). */
    @PropertyInject(value = "bridge.route.bus", defaultValue = "")
    public void setRouteBus(String csv) {
        routeBus = Router.targets(csv);
    }

    @BeanInject("deliveryTable")
    DeliveryTable deliveries;
    @BeanInject("messageRecords")
    io.imbridge.delivery.MessageRecords records;
    /** What each consumer's last batches set back, for its next batch (see {@link BusBatch.SetBacks}). */
    private final BusBatch.SetBacks setBacks = new BusBatch.SetBacks();

    @BeanInject("deliveryQueue")
    DeliveryQueue queue;
    @BeanInject("router")
    Router router;

    /** A record as the bus consumer read it (what a dead letter hands on unchanged). */
    public record BusRecord(String topic, int partition, long offset, long timestamp, String key, byte[] value,
                            Headers headers) {

        static BusRecord of(Exchange exchange) {
            var in = exchange.getMessage();
            Headers headers = in.getHeader(KafkaConstants.HEADERS, Headers.class);
            Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
            Integer partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
            Long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
            return new BusRecord(in.getHeader(KafkaConstants.TOPIC, "", String.class),
                    partition == null ? -1 : partition, offset == null ? -1 : offset,
                    timestamp == null ? System.currentTimeMillis() : timestamp,
                    in.getHeader(KafkaConstants.KEY, String.class), in.getBody(byte[].class),
                    headers == null ? new RecordHeaders() : headers);
        }
    }

    /** Whether the bus is Kafka ({@code bridge.bus=kafka}); {@code memory} keeps everything in-process. */
    public boolean on() {
        return "kafka".equals(mode);
    }

    /**
     * At start, with the Kafka bus: its topics are made when missing ({@code bridge.kafka.partitions} partitions,
     * unless {@code bridge.kafka.create-topics=false}), then its routes — the producers, the ingest group and each
     * target's group (not with {@code bridge.bus.consume=false}) — are started. With the in-process bus none is.
     */
    public void start() throws Exception {
        if (!on()) {
            return;
        }
        try {
            startKafka();
            started = true;
        } catch (Exception e) {
            startFailure = e;
            throw e;
        }
    }

    private void startKafka() throws Exception {
        if (Boolean.parseBoolean(property("bridge.kafka.create-topics", "true"))) {
            createTopics();
        }
        boolean consume = Boolean.parseBoolean(property("bridge.bus.consume", "true"));
        for (org.apache.camel.Route route : getCamelContext().getRoutes()) {
            if (!consume && route.getEndpoint().getEndpointUri().startsWith("kafka:")) {
                continue; // producers only: the replay command delivers what it replays, not the groups' records
            }
            if (route.getId().startsWith("bus-") && !getCamelContext().getRouteController().getRouteStatus(route.getId())
                    .isStarted()) {
                getCamelContext().getRouteController().startRoute(route.getId());
            }
        }
        LOG.info("bus: Kafka at {} ({}), topics {}, {}, {}; consumer groups {}-<target>",
                property("camel.component.kafka.brokers", "localhost:9092"),
                KafkaClientSettings.describe(KafkaClientSettings.of(getCamelContext())),
                property("bridge.kafka.topic.messages", ""), property("bridge.kafka.topic.dead-letters", ""),
                property("bridge.kafka.topic.status", ""), property("bridge.kafka.group-prefix", ""));
    }

    /**
     * Empty once {@link #start} made the Kafka bus ready (topics, producers); else why not. Camel only logs a failure
     * of the start-up step, so a command on the context asks here.
     */
    public Optional<String> notStarted() {
        if (started) {
            return Optional.empty();
        }
        return Optional.of(startFailure == null ? "the bridge's start-up did not reach the bus"
                : Failures.reason(startFailure));
    }

    private void createTopics() throws Exception {
        int timeoutMs = Integer.parseInt(property("bridge.kafka.api-timeout-ms", "30000"));
        Map<String, Object> config = new HashMap<>(KafkaClientSettings.of(getCamelContext()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        int partitions = Integer.parseInt(property("bridge.kafka.partitions", "12"));
        short replication = Short.parseShort(property("bridge.kafka.replication-factor", "-1"));
        try (Admin admin = Admin.create(config)) {
            // waits a little past the client's own timeout, so its exception, which says what it waited for, comes
            long waitMs = timeoutMs + 5_000L;
            var existing = admin.listTopics().names().get(waitMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String key : List.of("messages", "dead-letters", "status")) {
                String topic = property("bridge.kafka.topic." + key, "");
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions),
                            replication > 0 ? Optional.of(replication) : Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(waitMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance made it meanwhile: fine
                    }
                }
            }
        }
    }

    /** The targets named (comma-separated) that have a consumer group here; all of them when none is named. */
    public List<String> consumedTargets(String named) {
        List<String> all = new ArrayList<>();
        for (org.apache.camel.Route route : getCamelContext().getRoutes()) {
            String id = route.getId();
            if (id.startsWith("bus-") && route.getEndpoint().getEndpointUri().startsWith("kafka:")
                    && !id.equals("bus-ingest")) {
                all.add(id.substring("bus-".length()));
            }
        }
        if (named == null || named.isBlank()) {
            return all;
        }
        return Router.targets(named).stream().filter(all::contains).toList();
    }

    // ---- accepted messages onto the bus -----------------------------------------------------------------------

    /**
     * Puts the accepted message on the messages topic, naming the targets the bus delivers it to (its mirrors; every
     * target for a source answered on the bus), and returns once the broker has it ({@code acks=all}). A caller's
     * retry of a message publishes it again for every target not yet done: the first try may have been recorded and
     * not published. When the broker does not take it the caller gets "unavailable" and the deliveries are failed.
     */
    public void publish(Exchange exchange) {
        CanonicalMessage m = Exchanges.message(exchange);
        Router.Plan plan = Router.planOf(exchange);
        boolean all = router.answersOnBus(exchange.getProperty(Exchanges.SOURCE, String.class));
        List<String> targets = new ArrayList<>();
        if (all) {
            targets.add(plan.primary());
        }
        targets.addAll(plan.mirrors());
        if (exchange.getProperty(Exchanges.RESUMED, false, Boolean.class)) {
            for (DeliveryTable.Row row : deliveries.of(m.id())) {
                boolean waiting = row.status() == DeliveryStatus.QUEUED || row.status() == DeliveryStatus.PENDING;
                if (waiting && !targets.contains(row.target()) && (all || !row.target().equals(plan.primary()))) {
                    targets.add(row.target());
                }
            }
        }
        try {
            send(MESSAGES_OUT, BusEvents.message(m, targets, 0), null);
        } catch (RuntimeException e) {
            BridgeException failure = new BridgeException(ErrorCategory.UNAVAILABLE,
                    "the bus did not take the message: " + e.getMessage());
            for (String t : targets) {
                Role role = all && t.equals(plan.primary()) ? Role.PRIMARY : Role.MIRROR;
                deliveries.set(m.id(), t, role, DeliveryStatus.FAILED, 0, failure);
            }
            throw failure;
        }
    }

    /**
     * {@code direct:bus-queue}: a delivery queued again (a rate-limited primary, a re-driven dead letter, one taken
     * over from a gone instance) is an event naming its one target.
     */
    public void requeue(String entryJson) {
        QueueEntry e = DeliveryQueue.read(entryJson);
        CanonicalMessage m = e.message();
        if (m == null) {
            throw new IllegalArgumentException("a queue entry for the bus carries its message");
        }
        send(MESSAGES_OUT, BusEvents.message(m, List.of(e.target()), e.notBefore()), null);
    }

    // ---- a target's consumer group ----------------------------------------------------------------------------

    /**
     * A target group's first step (template {@code provider-bus}): the batch its consumer read (the body:
     * camel-kafka's batching consumer gives one exchange per record), as the lanes of the records for this target,
     * which become the body; the batch itself is kept in property {@code bridge.bus.batch} for {@link #passed} and
     * {@link #settle}. A record is for the target when its {@code imtargets} header names it — or, without the header
     * (a producer outside the bridge), when {@code bridge.route.bus} does. Most records of a shared topic are for
     * other targets: told by the header, before the event is read.
     */
    public List<BusBatch.Lane> lanes(Exchange exchange) {
        String target = exchange.getProperty(TARGET, String.class);
        BusBatch batch = BusBatch.of(exchange.getMessage().getBody(List.class), r -> isFor(r, target), setBacks);
        exchange.setProperty(BATCH, batch);
        return batch.lanes();
    }

    /** Whether a record is for the target: its {@code imtargets} header names it, or without one, bridge.route.bus. */
    public boolean isFor(BusRecord r, String target) {
        List<String> targets = BusEvents.targetsOf(r.headers());
        return (targets != null ? targets : routeBus).contains(target);
    }

    /**
     * One record of a lane (the body, a {@link BusBatch.Item}), when it is a valid message event, as the body: its
     * queue entry — the delivery's role and tries so far from the store (a record read again after a seek or a
     * rebalance goes on counting), its age from the record's time. An invalid record becomes a null body and is
     * skipped here (the ingest group dead-letters it), and so does a record of a delivery already made. One read of
     * the store, which also tells the delivery route whether the message is stored yet.
     */
    public void take(Exchange exchange) {
        String target = exchange.getProperty(TARGET, String.class);
        BusBatch.Item item = exchange.getMessage().getBody(BusBatch.Item.class);
        BusRecord r = item.record();
        exchange.setProperty(ITEM, item);
        exchange.setProperty(RECORD, r);
        exchange.getMessage().setBody(null);
        if (!(BusEvents.read(r.headers(), r.value()) instanceof BusEvents.Message event)) {
            exchange.setProperty(SKIPPED, "invalid");
            return;
        }
        CanonicalMessage m = event.message();
        DeliveryTable.Row row = null;
        boolean stored = false;
        for (DeliveryTable.Row d : deliveries.of(m.id())) {
            stored = true; // a message's first delivery state is written with (or after) the message itself
            if (d.target().equals(target)) {
                row = d;
            }
        }
        if (row != null && row.status().closed()) {
            // a second event of a delivery made (a republish after a crash, a replay), or of a message recalled before
            // it was delivered: skipped, its offset passes
            LOG.debug("bus: message id={} to {} already {}, its record skipped", m.id(), target, row.status().label());
            exchange.setProperty(SKIPPED, "already-" + row.status().label());
            return;
        }
        // known here, so the delivery route does not read it again: a message with no delivery yet (an outside
        // producer's) is recorded by its delivery's first write, in the same transaction
        exchange.setProperty(Exchanges.UNRECORDED, !stored);
        Role role = row == null ? Role.MIRROR : row.role();
        int attempts = row == null ? 0 : row.attempts();
        // the entry itself, not its JSON: the delivery route reads it as it is
        exchange.getMessage().setBody(new QueueEntry(0, m.id(), target, role, attempts, event.notBefore(),
                r.timestamp(), m));
    }

    /** The lane's record is done with (delivered, a dead letter, skipped): its offset may be committed. */
    public void passed(Exchange exchange) {
        exchange.getProperty(BATCH, BusBatch.class).done(exchange.getProperty(ITEM, BusBatch.Item.class));
    }

    /**
     * A lane stopped at a record that is not done (a retry longer than {@code bridge.bus.retry-in-place-ms}, or a
     * fault such as the store being away): that record and the lane's later ones are read again.
     */
    public void laneStopped(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable cause = e;
        while (cause != null && !(cause instanceof RetryLater) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RetryLater) {
            LOG.info("bus: {}", cause.getMessage());
        } else {
            // the category and the exception's class only: a message can quote a target's URL and its signature
            LOG.warn("bus: a conversation's records are read again after a fault: {} ({})",
                    Failures.of(e).getMessage(), cause == null ? "?" : cause.getClass().getName());
        }
    }

    /**
     * The last step of a target group and of {@code bus-ingest}, on the consumer's thread: the batch's offsets
     * committed up to each partition's first record not done, which is read again.
     */
    public void settle(Exchange exchange) {
        BusBatch.Settled s = exchange.getProperty(BATCH, BusBatch.class).settle();
        if (s.again() > 0) {
            LOG.debug("bus: {} records committed, {} to be read again", s.committed(), s.again());
        }
    }

    // ---- the ingest group: events from producers outside the bridge ------------------------------------------

    /**
     * {@code bus-ingest}'s first step: of the batch read (the body), the records that are not valid canonical
     * message events, as the body; the batch is kept in property {@code bridge.bus.batch}.
     */
    public List<BusBatch.Item> invalid(Exchange exchange) {
        BusBatch batch = BusBatch.of(exchange.getMessage().getBody(List.class),
                r -> BusEvents.read(r.headers(), r.value()) instanceof BusEvents.Invalid, setBacks);
        exchange.setProperty(BATCH, batch);
        return batch.items();
    }

    /** An invalid record (the body, a {@link BusBatch.Item}) to the dead-letter topic, unchanged, with the reason. */
    public void deadLetterInvalid(Exchange exchange) {
        BusBatch.Item item = exchange.getMessage().getBody(BusBatch.Item.class);
        exchange.setProperty(ITEM, item);
        BusRecord r = item.record();
        String reason = BusEvents.read(r.headers(), r.value()) instanceof BusEvents.Invalid bad ? bad.reason() : "";
        LOG.warn("invalid event on the bus: topic={} partition={} offset={} reason={}", r.topic(), r.partition(),
                r.offset(), reason);
        Map<String, String> errors = connectErrors(r, "VALIDATION", IllegalArgumentException.class.getName(), reason);
        errors.put(ERRORS + "category", ErrorCategory.MALFORMED.label());
        errors.put(ERRORS + "reason", reason);
        send(DEAD_LETTERS_OUT, deadLetter(r, errors), r.timestamp());
    }

    // ---- dead letters and status -----------------------------------------------------------------------------

    /**
     * A delivery that failed for good, to the dead-letter topic: the record it came from unchanged (key, value,
     * headers, time) — or, for one that did not come from the bus, its message's event — plus the headers of Kafka
     * Connect's dead-letter queue ({@code __connect.errors.topic}, {@code .partition}, {@code .offset},
     * {@code .connector.name}, {@code .stage}, {@code .exception.class.name}, {@code .exception.message}) and the
     * bridge's: {@code __connect.errors.target}, {@code .category}, {@code .vendor.code}, {@code .attempts},
     * {@code .reason}.
     */
    public void deadLetter(Exchange exchange) {
        BridgeException failure = Failures.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Delivery d = Delivery.on(exchange);
        BusRecord r = exchange.getProperty(RECORD, BusRecord.class);
        if (r == null) {
            CanonicalMessage m = Exchanges.message(exchange);
            BusEvents.Outgoing event = BusEvents.message(m, List.of(d.target()), 0);
            RecordHeaders headers = new RecordHeaders();
            event.headers().forEach(headers::add);
            r = new BusRecord("", -1, -1, System.currentTimeMillis(), event.key(), event.value(), headers);
        }
        Map<String, String> errors = connectErrors(r, "DELIVERY", failure.getClass().getName(), failure.getMessage());
        errors.put(ERRORS + "target", d.target());
        errors.put(ERRORS + "category", failure.category().label());
        if (failure.vendorCode() != null) {
            errors.put(ERRORS + "vendor.code", failure.vendorCode().toString());
        }
        errors.put(ERRORS + "attempts", Integer.toString(Math.max(1, d.attempts())));
        errors.put(ERRORS + "reason", failure.getMessage() == null ? failure.category().label() : failure.getMessage());
        send(DEAD_LETTERS_OUT, deadLetter(r, errors), r.timestamp());
    }

    private static Map<String, String> connectErrors(BusRecord r, String stage, String exception, String message) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(ERRORS + "topic", r.topic());
        errors.put(ERRORS + "partition", Integer.toString(r.partition()));
        errors.put(ERRORS + "offset", Long.toString(r.offset()));
        errors.put(ERRORS + "connector.name", "im-bridge");
        errors.put(ERRORS + "stage", stage);
        errors.put(ERRORS + "exception.class.name", exception);
        errors.put(ERRORS + "exception.message", message == null ? "" : message);
        return errors;
    }

    /** The original record's key, value and headers, with the error headers it does not have already added. */
    private static BusEvents.Outgoing deadLetter(BusRecord r, Map<String, String> errors) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        errors.forEach((k, v) -> {
            if (v != null) {
                headers.putIfAbsent(k, v.getBytes(StandardCharsets.UTF_8));
            }
        });
        return new BusEvents.Outgoing(r.key(), r.value(), headers);
    }

    /**
     * A delivery's outcome on the status topic ({@code im.delivery.v1}): {@code delivered} with the target's ids,
     * {@code queued}, {@code retrying} with the next try's time, {@code failed} with the category, vendor code and
     * reason. Sent without waiting for the broker: a status that cannot be written is logged, the delivery stands.
     */
    public void status(CanonicalMessage m, Delivery d, String outcome, BridgeException failure, DeliveryReport report) {
        if (!on() || m == null || d == null || d.target() == null) {
            return;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("messageId", m.id());
        s.put("source", m.source().vendor());
        s.put("target", d.target());
        s.put("role", d.role().label());
        s.put("outcome", outcome);
        s.put("attempts", d.attempts());
        if (report != null && !report.receipts().isEmpty()) {
            List<Map<String, Object>> receipts = new ArrayList<>();
            for (DeliveryReceipt r : report.receipts()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("recipient", r.recipient());
                one.put("ids", r.ids());
                receipts.add(one);
            }
            s.put("receipts", receipts);
        }
        if ("retrying".equals(outcome) && d.entry() != null) {
            s.put("nextTryAt", d.entry().notBefore());
        }
        if (failure != null) {
            s.put("category", failure.category().label());
            s.put("vendorCode", failure.vendorCode());
            s.put("reason", failure.getMessage());
        }
        publishStatus(m, d.target(), s);
    }

    /** A status event sent without waiting for the broker: one that cannot be written is logged. */
    private void publishStatus(CanonicalMessage m, String target, Map<String, Object> s) {
        BusEvents.Outgoing event = BusEvents.status(m, s);
        template().asyncSend(STATUS_OUT, (org.apache.camel.Processor) ex -> fill(ex, event, null))
                .whenComplete((ex, thrown) -> {
                    Throwable failed = thrown != null ? thrown : ex == null ? null : ex.getException();
                    if (failed != null) {
                        LOG.warn("status event ({}) of message id={} target={} not written: {}", s.get("outcome"),
                                m.id(), target, failed.getMessage());
                    }
                });
    }

    /**
     * A recall's outcome at one target on the status topic ({@code im.delivery.v1}, outcome {@code recall}): what
     * became of the copy ({@code recalled}, {@code cancelled}, {@code degraded}, {@code failed}, {@code not-delivered})
     * with the recall's id and, for a copy that stays, the reason. Sent as {@link #status} is.
     */
    public void recallStatus(CanonicalMessage m, io.imbridge.canonical.Recall recall,
                             io.imbridge.canonical.RecallReport.Outcome o) {
        if (!on() || m == null) {
            return;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("messageId", m.id());
        s.put("source", m.source().vendor());
        s.put("target", o.target());
        s.put("outcome", "recall");
        s.put("attempts", 0);
        s.put("recallId", recall.id());
        s.put("recall", o.status().label());
        if (o.category() != null) {
            s.put("category", o.category());
            s.put("vendorCode", o.vendorCode());
        }
        if (o.detail() != null) {
            s.put("reason", o.detail());
        }
        publishStatus(m, o.target(), s);
    }

    /** Sends a record through one of the bus's producer routes and waits for the broker's acknowledgement. */
    private void send(String route, BusEvents.Outgoing record, Long timestamp) {
        Exchange done = template().send(route, ex -> fill(ex, record, timestamp));
        if (done.getException() != null) {
            throw new IllegalStateException("Kafka did not take the record: " + done.getException().getMessage(),
                    done.getException());
        }
    }

    /** A fresh exchange holding only the record: no header of a caller's request ever reaches the bus. */
    private static void fill(Exchange ex, BusEvents.Outgoing record, Long timestamp) {
        var msg = ex.getMessage();
        msg.setBody(record.value());
        if (record.key() != null) {
            msg.setHeader(KafkaConstants.KEY, record.key());
        }
        if (timestamp != null) {
            msg.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, timestamp);
        }
        record.headers().forEach(msg::setHeader);
    }
}
