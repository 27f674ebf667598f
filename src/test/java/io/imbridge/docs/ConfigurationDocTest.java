package io.imbridge.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * application.properties is the one place a default lives, and docs/configuration.md says the same: every property of
 * the file is a row of the page, once, with the file's default; a row names only a property of the file (or a setting
 * the file shows as a commented example, "not set"); and the code and the routes read only properties of the file,
 * with the file's default where they give one ({@code @PropertyInject(defaultValue = …)}, {@code {{key:default}}}).
 * A default given elsewhere equals the file's value as written, or as its {@code {{…}}} placeholders resolve.
 */
class ConfigurationDocTest {

    static final Path PROPERTIES = Path.of("application.properties");
    static final Path PAGE = Path.of("docs/configuration.md");
    static final Path SOURCES = Path.of("src/main/java");
    static final Path ROUTES = Path.of("routes");

    /** A page row's default cell for a setting that has no default in the file. */
    static final String NOT_SET = "not set";
    /** Camel's property functions ({@code {{env:NAME}}}…), which are no keys of the file. */
    static final Set<String> FUNCTIONS = Set.of("env", "sys", "service", "service.host", "service.port", "bean");

    // ---- the file ---------------------------------------------------------------------------------------------------

    /** The file's properties as Camel reads them (continuation lines joined). */
    static Properties properties() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES)) {
            p.load(in);
        }
        return p;
    }

    /** Every key line of the file, in order, duplicates kept (Properties keeps only the last). */
    static List<String> keyLines() throws IOException {
        List<String> keys = new ArrayList<>();
        boolean continued = false;
        for (String line : Files.readAllLines(PROPERTIES)) {
            String s = line.strip();
            boolean startsKey = !continued && !s.isEmpty() && !s.startsWith("#") && !s.startsWith("!");
            if (startsKey) {
                Matcher m = Pattern.compile("^((?:[^=:\\s\\\\]|\\\\.)+)").matcher(s);
                assertTrue(m.find(), "a key line of " + PROPERTIES + ": " + line);
                keys.add(m.group(1));
            }
            continued = (continued || startsKey) && endsWithContinuation(line);
        }
        return keys;
    }

    static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The settings the file shows as commented examples ({@code #   camel.ssl.enabled=true}). */
    static Set<String> commentedExamples() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern example = Pattern.compile("^#\\s+([a-z][A-Za-z0-9.\\-\\[\\]]*)=");
        for (String line : Files.readAllLines(PROPERTIES)) {
            Matcher m = example.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** A value with its {@code {{key}}} placeholders replaced by the file's values. */
    static String resolved(String value, Properties file) {
        Pattern placeholder = Pattern.compile("\\{\\{([^{}:]+)}}");
        String v = value;
        for (int depth = 0; depth < 10; depth++) {
            Matcher m = placeholder.matcher(v);
            StringBuilder out = new StringBuilder();
            boolean any = false;
            while (m.find()) {
                String found = file.getProperty(m.group(1));
                if (found != null) {
                    any = true;
                    m.appendReplacement(out, Matcher.quoteReplacement(found));
                } else {
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                }
            }
            m.appendTail(out);
            v = out.toString();
            if (!any) {
                break;
            }
        }
        return v;
    }

    /** Whether a default given outside the file is the file's: as written, or as it resolves. */
    static boolean sameDefault(String given, String fileValue, Properties file) {
        return given.equals(fileValue) || given.equals(resolved(fileValue, file));
    }

    // ---- the page ---------------------------------------------------------------------------------------------------

    /** A property row of the page: its key, its default cell (unquoted) and its line. */
    record Row(String key, String defaultCell, int line) {
    }

    /** The rows of the page's tables headed {@code | property | default | meaning |}, in order. */
    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(PAGE);
        List<Row> rows = new ArrayList<>();
        boolean inPropertyTable = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                inPropertyTable = false;
                continue;
            }
            List<String> cells = cells(line);
            boolean header = i + 1 < lines.size() && lines.get(i + 1).strip().matches("\\|(\\s*:?-+:?\\s*\\|)+");
            if (header) {
                inPropertyTable = cells.size() == 3 && cells.get(0).equals("property") && cells.get(1).equals("default");
                i++; // the separator line
                continue;
            }
            if (!inPropertyTable) {
                continue;
            }
            assertEquals(3, cells.size(), PAGE + ":" + (i + 1) + ": a row has a property, a default and a meaning: " + line);
            Matcher key = Pattern.compile("^`([^`]+)`$").matcher(cells.get(0));
            assertTrue(key.find(), PAGE + ":" + (i + 1) + ": the first cell is one property in backquotes: " + line);
            rows.add(new Row(key.group(1), cells.get(1), i + 1));
        }
        return rows;
    }

    /** A table line's cells, split at each {@code |} not escaped as {@code \|}, trimmed and unescaped. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    /** A default cell's value: empty, one code span, or {@link #NOT_SET}; null for anything else. */
    static String shownDefault(String cell) {
        if (cell.isEmpty() || cell.equals(NOT_SET)) {
            return cell;
        }
        Matcher m = Pattern.compile("^`([^`]+)`$").matcher(cell);
        return m.find() ? m.group(1) : null;
    }

    // ---- the file and the page --------------------------------------------------------------------------------------

    @Test
    void theFileGivesEachPropertyOnce() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String key : keyLines()) {
            if (!seen.add(key)) {
                problems.add(key + " is given twice in " + PROPERTIES);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPropertyOfTheFileIsARowOfThePageOnce() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<Integer>> lines = new LinkedHashMap<>();
        for (Row row : rows()) {
            lines.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.line());
        }
        for (String key : new TreeSet<>(properties().stringPropertyNames())) {
            if (!lines.containsKey(key)) {
                problems.add(key + " (" + PROPERTIES + ") has no row in " + PAGE);
            }
        }
        lines.forEach((key, at) -> {
            if (at.size() > 1) {
                problems.add(key + " is a row of " + PAGE + " " + at.size() + " times, lines " + at);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRowShowsTheFilesDefault() throws IOException {
        Properties file = properties();
        Set<String> examples = commentedExamples();
        List<String> problems = new ArrayList<>();
        for (Row row : rows()) {
            String shown = shownDefault(row.defaultCell());
            String where = PAGE + ":" + row.line() + " " + row.key();
            if (shown == null) {
                problems.add(where + ": the default cell is empty, one `code span` or \"" + NOT_SET + "\", not "
                        + row.defaultCell());
            } else if (file.containsKey(row.key())) {
                if (!shown.equals(file.getProperty(row.key()))) {
                    problems.add(where + ": shows the default [" + shown + "], " + PROPERTIES + " has ["
                            + file.getProperty(row.key()) + "]");
                }
            } else if (!examples.contains(row.key())) {
                problems.add(where + ": is no property of " + PROPERTIES + " (nor a commented example there)");
            } else if (!shown.equals(NOT_SET)) {
                problems.add(where + ": has no default in " + PROPERTIES + ", so its default cell is \"" + NOT_SET
                        + "\", not [" + shown + "]");
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---- the code and the routes ------------------------------------------------------------------------------------

    /** A property the code or the routes read: its key, the default given there (null: none) and where. */
    record Read(String key, String defaultValue, String where) {
    }

    static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    static int lineOf(String text, int index) {
        return (int) text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Java string literals' contents, unescaped enough for keys and defaults. */
    static String literal(String quoted) {
        return quoted.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** Every {@code @PropertyInject(...)} of the sources, with its key and its defaultValue when it gives one. */
    static List<Read> propertyInjects() throws IOException {
        List<Read> reads = new ArrayList<>();
        Pattern annotation = Pattern.compile("@(?:org\\.apache\\.camel\\.)?PropertyInject\\s*\\(");
        Pattern string = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        Pattern named = Pattern.compile("\\b(value|defaultValue)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (Path source : files(SOURCES, ".java")) {
            String text = Files.readString(source);
            Matcher m = annotation.matcher(text);
            while (m.find()) {
                String args = arguments(text, m.end());
                String where = source + ":" + lineOf(text, m.start());
                String key = null;
                String defaultValue = null;
                Matcher n = named.matcher(args);
                while (n.find()) {
                    if (n.group(1).equals("value")) {
                        key = literal(n.group(2));
                    } else {
                        defaultValue = literal(n.group(2));
                    }
                }
                if (key == null) {
                    Matcher first = string.matcher(args);
                    assertTrue(first.find(), where + ": a @PropertyInject names its property");
                    key = literal(first.group(1));
                }
                reads.add(new Read(key, defaultValue, where));
            }
        }
        return reads;
    }

    /** The text of an annotation's arguments from after its "(" to the matching ")", string literals skipped. */
    static String arguments(String text, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(from, i);
            }
        }
        throw new AssertionError("an unclosed annotation at " + from);
    }

    /** The {@code {{key}}} and {@code {{key:default}}} placeholders of a text (innermost ones; template parameters, which have no dot and no default, left out). */
    static List<Read> placeholders(String text, String where) {
        List<Read> reads = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\\{\\??([^{}:\"]+)(?::([^{}\"]*))?}}").matcher(text);
        while (m.find()) {
            String key = m.group(1).strip();
            if (FUNCTIONS.contains(key) || (!key.contains(".") && m.group(2) == null)) {
                continue;
            }
            reads.add(new Read(key, m.group(2), where + ":" + lineOf(text, m.start())));
        }
        return reads;
    }

    /** The keys the sources read by name otherwise: property("bridge.…", …), resolveProperty("…"), "{{…}}" in Java. */
    static List<Read> otherCodeReads() throws IOException {
        List<Read> reads = new ArrayList<>();
        Pattern call = Pattern.compile(
                "\\b(?:property|intProperty|resolveProperty|setting)\\(\\s*\"((?:bridge|camel)\\.[A-Za-z0-9.\\-\\[\\]]+)\"\\s*[,)]");
        for (Path source : files(SOURCES, ".java")) {
            String text = Files.readString(source);
            Matcher m = call.matcher(text);
            while (m.find()) {
                reads.add(new Read(m.group(1), null, source + ":" + lineOf(text, m.start())));
            }
            Matcher s = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
            while (s.find()) {
                reads.addAll(placeholders(literal(s.group(1)), source + ":" + lineOf(text, s.start())).stream()
                        .map(r -> new Read(r.key(), r.defaultValue(), source + ":" + lineOf(text, s.start())))
                        .toList());
            }
        }
        return reads;
    }

    static List<Read> routeReads() throws IOException {
        List<Read> reads = new ArrayList<>();
        for (Path route : files(ROUTES, ".yaml")) {
            reads.addAll(placeholders(Files.readString(route), route.toString()));
        }
        return reads;
    }

    /** What is wrong with reads: a key the file does not have, or a default other than the file's. */
    static List<String> problems(List<Read> reads, Properties file, Set<String> examples) {
        List<String> problems = new ArrayList<>();
        for (Read read : reads) {
            if (!file.containsKey(read.key())) {
                if (read.defaultValue() != null || !examples.contains(read.key())) {
                    problems.add(read.where() + ": reads " + read.key() + ", which is not in " + PROPERTIES);
                }
            } else if (read.defaultValue() != null
                    && !sameDefault(read.defaultValue(), file.getProperty(read.key()), file)) {
                problems.add(read.where() + ": gives " + read.key() + " the default [" + read.defaultValue() + "], "
                        + PROPERTIES + " has [" + file.getProperty(read.key()) + "]");
            }
        }
        return problems;
    }

    @Test
    void everyPropertyInjectIsAPropertyOfTheFileWithItsDefault() throws IOException {
        List<Read> reads = propertyInjects();
        assertTrue(reads.size() > 50, "the sources' @PropertyInject: " + reads.size());
        assertEquals(List.of(), problems(reads, properties(), commentedExamples()));
    }

    @Test
    void everyOtherPropertyTheCodeReadsByNameIsInTheFile() throws IOException {
        assertEquals(List.of(), problems(otherCodeReads(), properties(), commentedExamples()));
    }

    @Test
    void everyPlaceholderOfTheRoutesIsAPropertyOfTheFileWithItsDefault() throws IOException {
        List<Read> reads = routeReads();
        assertTrue(reads.size() > 20, "the routes' placeholders: " + reads.size());
        assertEquals(List.of(), problems(reads, properties(), commentedExamples()));
    }
}
