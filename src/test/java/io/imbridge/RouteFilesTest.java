package io.imbridge;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bridge's route files are named one by one in application.properties (a wildcard inside the jar costs a read
 * of the whole jar at every start): every file of routes/ is named there, and nothing else.
 */
class RouteFilesTest {

    @Test
    void everyFileOfTheRoutesFolderIsLoadedAndNoOther() throws Exception {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(in);
        }
        Set<String> named = Arrays.stream(defaults.getProperty("camel.main.routes-include-pattern").split(","))
                .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
        Set<String> files;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            files = routes.map(p -> "classpath:routes/" + p.getFileName()).filter(p -> p.endsWith(".yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(13, files.size(), "the route files of the repository: " + files);
        assertEquals(files, named);
    }
}
