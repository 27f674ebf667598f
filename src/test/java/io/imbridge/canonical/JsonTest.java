package io.imbridge.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonTest {

    /** The shortcut for text no JSON value starts with answers what the parser answers. */
    @Test
    void parseOrNullAnswersAsTheParser() {
        List<String> samples = List.of("", " ", "\t\r\n", "ex", " ex", "{}", " {\"a\":1}", "[1]", "\"s\"", "-1", "0",
                "12", "true", "false", "null", "tru", "nul", "NaN", "Infinity", "+1", ".5", "'a'", "/*c*/{}", "#c",
                "]", "}", "\u0000", "\u000B{}", "\uFEFF{}", "é", "你好", "x{}", "{\"a\":1", "1 2", "{} x", "customData");
        for (String s : samples) {
            assertEquals(parsed(s), Json.parseOrNull(s), s);
        }
        assertNull(Json.parseOrNull(null));
    }

    private static JsonNode parsed(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Test
    void copyExceptIsADeepCopyLessTheFields() {
        ObjectNode from = (ObjectNode) Json.parseOrNull(
                "{\"a\":1,\"b\":{\"c\":[1,{\"d\":2}]},\"x\":\"y\",\"e\":null,\"f\":[]}");
        ObjectNode expected = from.deepCopy();
        expected.remove(List.of("a", "x"));
        ObjectNode kept = Json.copyExcept(from, List.of("a", "x"));
        assertEquals(expected, kept);
        assertEquals(expected.toString(), kept.toString());
        ((ObjectNode) kept.get("b")).put("c", 0);
        assertEquals("{\"c\":[1,{\"d\":2}]}", from.get("b").toString());
    }
}
