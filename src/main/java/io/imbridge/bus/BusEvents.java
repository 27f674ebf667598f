package io.imbridge.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;

import io.imbridge.canonical.CanonicalMessage;
import io.imbridge.canonical.Json;
import io.imbridge.delivery.DeliveryQueue;
import io.imbridge.delivery.Router;

/**
 * The bus's records: CloudEvents 1.0 in the Kafka protocol binding's <b>binary mode</b>, written and read by the
 * CloudEvents SDK. The value is the canonical message's JSON ({@code schema/canonical-message.schema.json}); the
 * attributes are {@code ce_*} headers and {@code content-type}; the record key is the conversation (the
 * {@code partitionkey} extension), so a conversation's events share a partition and keep their order.
 *
 * <p>Extensions of the bridge: {@code imtargets} — the targets the bus delivers the message to, comma-separated
 * (absent: {@code bridge.route.bus} chooses); {@code imnotbefore} — not delivered before this time (a retry after a
 * rate limit).
 */
public final class BusEvents {

    public static final String MESSAGE_TYPE = "im.message.v1";
    public static final String STATUS_TYPE = "im.delivery.v1";
    /** The canonical schema's {@code $id}, with the version of the model the data follows. */
    public static final URI DATA_SCHEMA = URI.create(
            "https://im-bridge.example/schema/canonical-message.schema.json?version=" + CanonicalMessage.SCHEMA_VERSION);
    public static final URI STATUS_SCHEMA = URI.create("https://im-bridge.example/schema/delivery-status.v1");
    public static final String JSON = "application/json";
    public static final String TARGETS = "imtargets";
    public static final String NOT_BEFORE = "imnotbefore";
    public static final String PARTITION_KEY = "partitionkey";

    private static final JsonSchema SCHEMA = loadSchema();

    private BusEvents() {
    }

    /** A record to write: its key, value and headers (as the SDK encoded them). */
    public record Outgoing(String key, byte[] value, Map<String, byte[]> headers) {
    }

    /** What a record of the messages topic holds. */
    public sealed interface Incoming permits Message, Invalid {
    }

    /**
     * A canonical message event.
     *
     * @param targets   the targets it names ({@code imtargets}); null when it names none
     * @param notBefore epoch ms before which it is not delivered (0: now)
     */
    public record Message(CanonicalMessage message, List<String> targets, long notBefore, String source)
            implements Incoming {
    }

    /** A record that is not a valid canonical message event, and why. */
    public record Invalid(String reason) implements Incoming {
    }

    /** The record key of a message's events: its conversation, as the queue and migrations key it. */
    public static String key(CanonicalMessage m) {
        return DeliveryQueue.conversationOf(m);
    }

    /** The event of an accepted message, for the bus to deliver to {@code targets} (none: only seen on the bus). */
    public static Outgoing message(CanonicalMessage m, List<String> targets, long notBefore) {
        String key = key(m);
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(m.id())
                .withSource(URI.create("/im-bridge/" + m.source().vendor()))
                .withType(MESSAGE_TYPE)
                .withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(m.receivedAt()), ZoneOffset.UTC))
                .withDataSchema(DATA_SCHEMA)
                .withExtension(PARTITION_KEY, key)
                .withExtension(TARGETS, String.join(",", targets))
                .withData(JSON, Json.write(m).getBytes(StandardCharsets.UTF_8));
        if (notBefore > 0) {
            b.withExtension(NOT_BEFORE, OffsetDateTime.ofInstant(Instant.ofEpochMilli(notBefore), ZoneOffset.UTC));
        }
        return write(b.build(), key);
    }

    /** A delivery's status event ({@code im.delivery.v1}); its data is {@code status} as JSON. */
    public static Outgoing status(CanonicalMessage m, Map<String, Object> status) {
        String key = key(m);
        CloudEvent event = CloudEventBuilder.v1()
                .withId(m.id() + ":" + status.get("target") + ":" + status.get("outcome")
                        + (status.containsKey("recall") ? "-" + status.get("recall") : "") + ":" + status.get("attempts"))
                .withSource(URI.create("/im-bridge/" + status.get("target")))
                .withType(STATUS_TYPE)
                .withSubject(m.id())
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataSchema(STATUS_SCHEMA)
                .withExtension(PARTITION_KEY, key)
                .withData(JSON, Json.write(status).getBytes(StandardCharsets.UTF_8))
                .build();
        return write(event, key);
    }

    private static Outgoing write(CloudEvent event, String key) {
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter("", null, null, key)
                .writeBinary(event);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return new Outgoing(record.key(), record.value(), headers);
    }

    /**
     * Reads a record of the messages topic: a binary-mode CloudEvent of type {@code im.message.v1} whose data is a
     * canonical message valid by the schema, with {@code ce_id} its id.
     */
    public static Incoming read(Headers headers, byte[] value) {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException e) {
            return new Invalid("not a CloudEvent in Kafka's binary mode: " + e.getMessage());
        }
        if (!MESSAGE_TYPE.equals(event.getType())) {
            return new Invalid("ce_type is '" + event.getType() + "', expected '" + MESSAGE_TYPE + "'");
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.startsWith(JSON)) {
            return new Invalid("content-type is '" + contentType + "', expected '" + JSON + "'");
        }
        if (event.getData() == null) {
            return new Invalid("the event has no data");
        }
        JsonNode data = Json.parseOrNull(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
        if (data == null) {
            return new Invalid("the data is not JSON");
        }
        Set<ValidationMessage> errors = SCHEMA.validate(data);
        if (!errors.isEmpty()) {
            return new Invalid("the data is not a canonical message: " + errors.stream().map(ValidationMessage::getMessage)
                    .sorted().limit(5).collect(Collectors.joining("; ")));
        }
        CanonicalMessage m;
        try {
            m = Json.MAPPER.treeToValue(data, CanonicalMessage.class);
        } catch (IOException | IllegalArgumentException e) {
            return new Invalid("the data is not a canonical message: " + e.getMessage());
        }
        if (!event.getId().equals(m.id())) {
            return new Invalid("ce_id '" + event.getId() + "' is not the message's id '" + m.id() + "'");
        }
        Object targets = event.getExtension(TARGETS);
        Object notBefore = event.getExtension(NOT_BEFORE);
        return new Message(m, targets == null ? null : Router.targets(targets.toString()),
                notBefore == null ? 0 : epochMs(notBefore), event.getSource().toString());
    }

    /** The targets a record's {@code ce_imtargets} header names, or null when it has none (not read otherwise). */
    public static List<String> targetsOf(Headers headers) {
        Header h = headers.lastHeader("ce_" + TARGETS);
        return h == null || h.value() == null ? null : Router.targets(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static long epochMs(Object time) {
        if (time instanceof OffsetDateTime t) {
            return t.toInstant().toEpochMilli();
        }
        try {
            return OffsetDateTime.parse(time.toString()).toInstant().toEpochMilli();
        } catch (RuntimeException notATime) {
            return 0;
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = BusEvents.class.getResourceAsStream("/schema/canonical-message.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
