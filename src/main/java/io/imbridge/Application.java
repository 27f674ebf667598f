package io.imbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

import io.imbridge.bus.ReplayCommand;
import io.imbridge.migrate.MigrateCommand;

/**
 * Starts camel-main with the properties and YAML routes packaged in the jar (the repository's top-level
 * {@code application.properties} and {@code routes/}), so the jar runs from any folder. The first argument picks a
 * command: {@code migrate} migrates history ({@link MigrateCommand}), {@code replay} reads the bus again
 * ({@link ReplayCommand}), {@code class-data} is the build's run for the class-data archive ({@link ClassDataTraining}),
 * {@code usersig} prints a Tencent UserSig; none runs the bridge, in this JVM (its heap bounded by the JVM options the
 * README's command gives).
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "usersig".equals(args[0])) {
            System.exit(userSig(args));
        }
        if (args.length > 0 && "migrate".equals(args[0])) {
            System.exit(MigrateCommand.run(args));
        }
        if (args.length > 0 && "class-data".equals(args[0])) {
            System.exit(ClassDataTraining.run());
        }
        if (args.length > 0 && "replay".equals(args[0])) {
            System.exit(ReplayCommand.run(args));
        }
        // the jar says what is wrong with a user's routes folder in one line and stops (a test's bridge throws)
        System.exit(newMain(true).run(args));
    }

    /**
     * A setting as the bridge will resolve it (the working folder's application.properties, the jar's defaults,
     * {@code -D} options, environment variables, then {@code overrides}), read before any context starts.
     */
    public static Optional<String> setting(String key, Map<String, String> overrides) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation(PROPERTY_LOCATIONS);
        overrides.forEach(properties::addOverrideProperty);
        return properties.resolveProperty(key);
    }

    /**
     * The bridge's camel-main, as the jar, the migrate command and the tests start it: the defaults from the jar,
     * overridden by an {@code application.properties} in the working folder when there is one (Camel takes a key
     * from the first location that has it), then by {@code -D} options and environment variables.
     */
    public static Main newMain() {
        return newMain(false);
    }

    private static Main newMain(boolean haltOnRoutesProblem) {
        Main main = new Main(Application.class);
        main.setDefaultPropertyPlaceholderLocation(PROPERTY_LOCATIONS);
        // no package scan (Main scans its class's package by default): it read the whole jar at every start
        main.configure().setBasePackageScanEnabled(false);
        main.configure().addConfiguration(BridgeBeans.class);
        // Camel's health check registry, deciding once per check what camel.health.exclude-pattern leaves out (bound
        // now: camel-main takes a registry bean as its own before it reads camel.health.*)
        main.bind("healthCheckRegistry", new io.imbridge.observe.HealthChecks());
        main.addMainListener(new UserRoutes(haltOnRoutesProblem));
        if (System.getProperty("com.sun.management.jmxremote.port") != null
                && System.getProperty("camel.main.jmx-enabled") == null
                && System.getenv("CAMEL_MAIN_JMX_ENABLED") == null && System.getenv("CAMEL_MAIN_JMXENABLED") == null) {
            // a JVM opened for remote JMX wants Camel's MBeans (off by default: application.properties)
            main.addOverrideProperty("camel.main.jmx-enabled", "true");
        }
        return main;
    }

    /**
     * Adds the folder {@code bridge.user-routes-dir} names to the routes Camel loads, once the properties are read
     * and before Camel reads its own options. Not in the pattern of application.properties: an empty setting would
     * make it {@code file:/*.yaml}, and a folder that is not there fails deep in Camel's route loading. A problem with
     * the folder ({@link #problem}) stops the start: the jar's with one line and exit code 2, before anything started.
     */
    static final class UserRoutes extends MainListenerSupport {
        static final String USER_ROUTES_DIR = "bridge.user-routes-dir";
        static final String ROUTES = "camel.main.routes-include-pattern";

        private final boolean haltOnProblem;

        UserRoutes(boolean haltOnProblem) {
            this.haltOnProblem = haltOnProblem;
        }

        /** What is wrong with the setting's folder, or null: none set, or a folder the pattern can name. */
        static String problem(String setting) {
            String dir = setting.trim();
            if (dir.isEmpty()) {
                return null;
            }
            if (dir.contains(",")) {
                return USER_ROUTES_DIR + ": a folder whose name has no comma (Camel's list of route files is "
                        + "comma-separated): " + dir;
            }
            return Files.isDirectory(Path.of(dir)) ? null : USER_ROUTES_DIR + ": no folder " + Path.of(dir)
                    .toAbsolutePath();
        }

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            String dir = properties.resolveProperty(USER_ROUTES_DIR).orElse("").trim();
            if (dir.isEmpty()) {
                return;
            }
            String problem = problem(dir);
            if (problem != null && haltOnProblem) {
                System.err.println("im-bridge: " + problem);
                // nothing has started yet: no shutdown hook to run, no stack trace to print
                Runtime.getRuntime().halt(2);
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            properties.addOverrideProperty(ROUTES,
                    properties.resolveProperty(ROUTES).map(bridge -> bridge + ",").orElse("") + "file:" + dir + "/*.yaml");
        }
    }

    /**
     * The bridge's camel-main for a command of the jar ({@code migrate}, {@code replay}): the same properties, beans
     * and routes, without the HTTP server, its APIs and sandboxes (so it runs beside a bridge on the same port), and
     * without the embedded queue's consumer.
     */
    public static Main commandMain(String command) {
        Main main = newMain();
        main.addOverrideProperty("camel.main.name", "im-bridge-" + command);
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("camel.main.route-filter-exclude-pattern", "platform-http*");
        main.addOverrideProperty("bridge.queue.embedded-consumer", "false");
        return main;
    }

    /** Where the properties come from, the first location that has a key winning. */
    public static final String PROPERTY_LOCATIONS = "file:application.properties;optional=true,"
            + "classpath:application.properties";

    /**
     * {@code usersig <sdkappid> <identifier> <secret-key> [expire-seconds]}: prints a Tencent TLSSigAPIv2 UserSig, for
     * trying the bridge's Tencent API by hand (Tencent's SDKs make the same).
     */
    static int userSig(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: java -jar im-bridge.jar usersig <sdkappid> <identifier> <secret-key> [expire-seconds]");
            return 2;
        }
        long expire = args.length > 4 ? Long.parseLong(args[4]) : 86400;
        System.out.println(io.imbridge.provider.tencent.TencentUserSig.sign(args[3], Long.parseLong(args[1]), args[2],
                System.currentTimeMillis() / 1000, expire));
        return 0;
    }
}
