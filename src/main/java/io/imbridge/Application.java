package io.imbridge;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;

/**
 * Starts camel-main with the top-level {@code application.properties} and the YAML routes in {@code routes/}.
 * The first argument picks a command: none (or {@code bridge}) runs the bridge.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        // camel-main silently starts with 0 routes when the folder is missing: fail loudly instead.
        if (!Files.isDirectory(Path.of("routes"))) {
            System.err.println("im-bridge: no ./routes folder here; start the jar in the repository root");
            System.exit(2);
        }
        Main main = new Main(Application.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        System.exit(main.run(args));
    }
}
