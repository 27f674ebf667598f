package io.imbridge.canonical;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON Schema in the repository describes exactly what the Java model writes. */
class CanonicalSchemaTest {

    static JsonSchema schema() throws Exception {
        try (InputStream in = CanonicalSchemaTest.class.getResourceAsStream("/schema/canonical-message.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static CanonicalMessage everyKind() {
        List<Element> elements = List.of(
                new Element.Text("hi", List.of("bob")),
                new Element.Image("u", "png", "a.png", "md5", "png", "/p",
                        List.of(new Element.ImageVariant(Element.ImageVariant.Role.ORIGINAL, "https://x/a.png", "u",
                                "png", 10L, 2, 3))),
                new Element.Audio("https://x/a.m4a", "u", 10L, 7000L, "m", "m4a", "/p", 2),
                new Element.Video("https://x/v.mp4", "u", 10L, 12000L, "mp4", "m", 640, 480, "/p", 2,
                        "https://x/t.jpg", "t", 5L, 64, 48, "jpg", "/t", 2),
                new Element.File("https://x/f.pdf", "u", 10L, "f.pdf", "m", "pdf", "/p", 2),
                new Element.Location("Office", 39.9, 116.4),
                new Element.Face(3, "smile"),
                new Element.Custom("{}", "card", "x", "dong.mp3", 7),
                new Element.Alert("joined"));
        DeliveryOptions options = new DeliveryOptions(true, 60, false, true,
                new DeliveryOptions.OfflinePush("t", "d", "e", "s", true, "sub", "img", "a.mp3"),
                List.of("ForbidBeforeSendMsgCallback"));
        return new CanonicalMessage(1, BridgeId.next(), new Source("tencent", Map.of("MsgKey", "1_2_3")), "alice",
                List.of("bob", "carol"), new Conversation(Conversation.Kind.CHAT_ROOM, "36"), 1_700_000_000_000L,
                1_700_000_000_500L, elements, options, "custom", Map.of("tencent", Json.object().put("X", 1)));
    }

    @Test
    void aMessageWithEveryElementKindValidatesAndReadsBackEqual() throws Exception {
        CanonicalMessage m = everyKind();
        JsonNode json = Json.MAPPER.valueToTree(m);
        Set<ValidationMessage> errors = schema().validate(json);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(m, Json.MAPPER.treeToValue(json, CanonicalMessage.class));
    }

    @Test
    void theSchemaRefusesWhatTheModelCannotHold() throws Exception {
        JsonNode json = Json.MAPPER.valueToTree(everyKind());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("unexpected", 1);
        assertFalse(schema().validate(json).isEmpty());
        JsonNode badKind = Json.parseOrNull(Json.write(everyKind()).replace("\"kind\":\"face\"", "\"kind\":\"sticker\""));
        assertFalse(schema().validate(badKind).isEmpty());
    }

    @Test
    void everyRecordComponentIsInTheSchema() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/canonical-message.schema.json")) {
            schema = Json.MAPPER.readTree(in);
        }
        for (var c : CanonicalMessage.class.getRecordComponents()) {
            assertTrue(schema.path("properties").has(c.getName()), c.getName());
        }
        for (Class<?> kind : Element.class.getPermittedSubclasses()) {
            String name = ((Element) Json.MAPPER.readValue("{\"kind\":\"" + kindName(kind) + "\"}", Element.class)).kind();
            JsonNode def = schema.path("$defs").path(name);
            assertTrue(def.isObject(), name);
            for (var c : kind.getRecordComponents()) {
                assertTrue(def.path("properties").has(c.getName()), name + "." + c.getName());
            }
        }
    }

    private static String kindName(Class<?> kind) {
        return kind.getSimpleName().toLowerCase();
    }
}
