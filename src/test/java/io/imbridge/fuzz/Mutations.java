package io.imbridge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.imbridge.canonical.Json;

/**
 * Hostile variants of a valid request: a field removed, retyped or set out of range anywhere in the tree, a field
 * added, keys duplicated, the text truncated, invalid UTF-8, huge or deeply nested JSON, random bytes.
 */
public final class Mutations {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Mutations() {
    }

    /** Any JSON value a hostile client might put in a field. */
    public static Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(F::textNode),
                Arbitraries.of("", " ", "\r\n", "0", "-1", "null", "true", "{}", "[]", "\u0000", "\uD83D\uDE00",
                        "x".repeat(5000), "𝓊𝓃𝒾𝒸ℴ𝒹ℯ").map(F::textNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 4294967296L, -4294967296L, 0L, -1L).map(F::numberNode),
                Arbitraries.doubles().map(F::numberNode),
                Arbitraries.of(new java.math.BigInteger("123456789012345678901234567890")).map(F::numberNode),
                Arbitraries.of(true, false).map(F::booleanNode),
                Arbitraries.just(F.nullNode()),
                Arbitraries.just(F.arrayNode()),
                Arbitraries.just(F.objectNode()),
                Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(5).map(l -> {
                    ArrayNode a = F.arrayNode();
                    l.forEach(a::add);
                    return a;
                }),
                Arbitraries.integers().between(2, 80).map(Mutations::nested));
    }

    static JsonNode nested(int depth) {
        JsonNode n = F.textNode("deep");
        for (int i = 0; i < depth; i++) {
            ArrayNode a = F.arrayNode();
            a.add(n);
            n = a;
        }
        return n;
    }

    /** Mutated variants of {@code seed}, as the bytes a client would send. */
    public static Arbitrary<byte[]> of(ObjectNode seed) {
        List<String> paths = paths(seed, "");
        Arbitrary<byte[]> treeEdits = Combinators.combine(Arbitraries.of(paths), Arbitraries.integers().between(0, 2),
                values(), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
                .as((path, op, value, name) -> edit(seed, path, op, value, name));
        String text = Json.write(seed);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, bytes.length - 1)
                .map(n -> java.util.Arrays.copyOf(bytes, n));
        Arbitrary<byte[]> duplicated = Arbitraries.of(paths.stream().filter(p -> !p.contains("[")).toList())
                .map(p -> duplicateKey(text, p.substring(p.lastIndexOf('/') + 1)));
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.integers().between(0, bytes.length - 1).map(n -> {
            byte[] b = bytes.clone();
            b[n] = (byte) 0xC3; // a lead byte without its continuation
            if (n + 1 < b.length) {
                b[n + 1] = (byte) 0x28;
            }
            return b;
        });
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> notObjects = Arbitraries.of("[]", "null", "42", "\"text\"", "{", "}", "{\"a\":}", "",
                "{\"a\":1}{\"b\":2}", "\uFEFF" + text).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, treeEdits),
                net.jqwik.api.Tuple.of(1, truncated),
                net.jqwik.api.Tuple.of(1, duplicated),
                net.jqwik.api.Tuple.of(1, invalidUtf8),
                net.jqwik.api.Tuple.of(1, garbage),
                net.jqwik.api.Tuple.of(1, notObjects));
    }

    static byte[] edit(ObjectNode seed, String path, int op, JsonNode value, String name) {
        ObjectNode copy = seed.deepCopy();
        JsonNode parent = copy.at(path.substring(0, Math.max(0, path.lastIndexOf('/'))));
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (parent instanceof ObjectNode o) {
            switch (op) {
                case 0 -> o.remove(last);
                case 1 -> o.set(last, value);
                default -> o.set(name, value);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = Integer.parseInt(last);
            switch (op) {
                case 0 -> a.remove(i);
                case 1 -> a.set(i, value);
                default -> a.add(value);
            }
        }
        return Json.write(copy).getBytes(StandardCharsets.UTF_8);
    }

    /** Every path to a field or array item, JSON-pointer style. */
    static List<String> paths(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.add(prefix + "/" + f);
                out.addAll(paths(node.get(f), prefix + "/" + f));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(prefix + "/" + i);
                out.addAll(paths(node.get(i), prefix + "/" + i));
            }
        }
        return out;
    }

    static byte[] duplicateKey(String text, String key) {
        String needle = "\"" + key + "\":";
        int at = text.indexOf(needle);
        if (at < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return (text.substring(0, at) + needle + "\"dup\"," + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }
}
