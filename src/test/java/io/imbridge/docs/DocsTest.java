package io.imbridge.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents stay honest: the README and BENCHMARKS.md within their lengths, every link between the documents
 * resolving (file and heading), every page of docs/ one click from the README, the README's test command the one CI
 * runs, and no source, route or setting naming a document outside the repository.
 */
class DocsTest {

    static final Path README = Path.of("README.md");
    static final Path BENCHMARKS = Path.of("BENCHMARKS.md");
    static final Path DOCS = Path.of("docs");
    /** A Markdown link: its target (up to a space or the closing parenthesis). */
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*$");

    @Test
    void theReadmeAndTheBenchmarksAreShort() throws IOException {
        assertTrue(Files.readAllLines(README).size() <= 200, "README.md is over 200 lines");
        assertTrue(Files.readAllLines(BENCHMARKS).size() <= 200, "BENCHMARKS.md is over 200 lines");
    }

    @Test
    void everyLinkBetweenTheDocumentsResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            for (String target : links(doc)) {
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto: — outside the repository
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(doc + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyPageIsOneClickFromTheReadme() throws IOException {
        Set<String> linked = new HashSet<>(links(README));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> pages = Files.list(DOCS)) {
            pages.filter(p -> p.toString().endsWith(".md")).forEach(p -> {
                if (!linked.contains("docs/" + p.getFileName())) {
                    missing.add(p.toString());
                }
            });
        }
        assertEquals(List.of(), missing, "docs pages the README does not link");
    }

    /** The README's two commands: the run command the jar tests start the bridge with, and the test command CI runs. */
    @Test
    void theReadmesCommandsAreTheOnesTheTestsAndCiRun() throws IOException {
        String readme = Files.readString(README);
        int at = readme.indexOf("## The two commands");
        assertTrue(at >= 0, "README.md has no section 'The two commands'");
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(at));
        assertTrue(block.find(), "no command block under 'The two commands'");
        List<String> commands = block.group(1).lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, commands.size(), commands.toString());
        assertTrue(commands.get(0).startsWith(io.imbridge.ReadmeCommand.MARKER), commands.get(0));
        List<String> ci = Files.readAllLines(Path.of(".ci/run")).stream().map(String::strip)
                .filter(l -> l.startsWith("mvn ")).toList();
        assertEquals(commands.get(1), ci.get(ci.size() - 1), "the README's test command is what .ci/run runs");
    }

    /** Comments point into the repository: no source, route or setting names a document outside it. */
    @Test
    void nothingNamesADocumentOutsideTheRepository() throws IOException {
        Pattern outside = Pattern.compile("(?i)seed 00\\d|vendors\\.md|\\.\\./shared");
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src"), Path.of("routes"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).filter(DocsTest::isText).toList()) {
                    scan(f, outside, found);
                }
            }
        }
        for (Path f : List.of(Path.of("application.properties"), Path.of("pom.xml"), README)) {
            scan(f, outside, found);
        }
        try (Stream<Path> pages = Files.list(DOCS)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                scan(page, outside, found);
            }
        }
        // (BENCHMARKS.md names the project's external rulers, core-probe and steps, as the goals are stated in them)
        found.removeIf(f -> f.startsWith("src/test/java/io/imbridge/docs/DocsTest.java:")); // its own pattern
        assertEquals(List.of(), found);
    }

    private static void scan(Path f, Pattern outside, List<String> found) throws IOException {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            if (outside.matcher(lines.get(i)).find()) {
                found.add(f + ":" + (i + 1));
            }
        }
    }

    private static boolean isText(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".java") || n.endsWith(".yaml") || n.endsWith(".properties") || n.endsWith(".sql")
                || n.endsWith(".js") || n.endsWith(".html") || n.endsWith(".css") || n.endsWith(".sh");
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(README, BENCHMARKS));
        try (Stream<Path> pages = Files.list(DOCS)) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The link targets of a document, outside its code blocks. */
    static List<String> links(Path doc) throws IOException {
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The anchors of a document's headings as GitHub makes them (a repeated heading gets -1, -2, …). */
    static Set<String> anchors(Path doc) throws IOException {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (code || !h.matches()) {
                continue;
            }
            String slug = slug(h.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces as -. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                s.appendCodePoint(c);
            } else if (c == ' ') {
                s.append('-');
            }
        });
        return s.toString();
    }
}
