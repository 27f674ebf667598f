package io.imbridge.canonical;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recall's JSON Schema describes exactly what the Java model writes. */
class RecallSchemaTest {

    static JsonSchema schema() throws Exception {
        try (InputStream in = RecallSchemaTest.class.getResourceAsStream("/schema/canonical-recall.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void aGroupRecallValidatesAndReadsBackEqual() throws Exception {
        Recall r = new Recall("tencent", Map.of("GroupMsgSeq", "@TGS#_a#7"), "alice",
                new Conversation(Conversation.Kind.GROUP, "@TGS#_a"), "wrong group");
        JsonNode json = Json.MAPPER.valueToTree(r);
        Set<ValidationMessage> errors = schema().validate(json);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals("recall", json.get("kind").asText());
        assertEquals(r, Json.MAPPER.treeToValue(json, Recall.class));
    }

    @Test
    void aRecallNamingNoMessageOrWithAnUnknownFieldIsRefused() throws Exception {
        ObjectNode json = Json.MAPPER.valueToTree(new Recall("netease", Map.of("msgid", "12"), null, null, null));
        assertTrue(schema().validate(json).isEmpty());
        ObjectNode extra = json.deepCopy().put("unexpected", 1);
        assertFalse(schema().validate(extra).isEmpty());
        ObjectNode noIds = json.deepCopy();
        ((ObjectNode) noIds.get("source")).putObject("ids");
        assertFalse(schema().validate(noIds).isEmpty());
        ObjectNode message = json.deepCopy().put("kind", "message");
        assertFalse(schema().validate(message).isEmpty());
    }

    @Test
    void everyRecordComponentIsInTheSchema() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/canonical-recall.schema.json")) {
            schema = Json.MAPPER.readTree(in);
        }
        for (var c : Recall.class.getRecordComponents()) {
            assertTrue(schema.path("properties").has(c.getName()), c.getName());
        }
    }
}
