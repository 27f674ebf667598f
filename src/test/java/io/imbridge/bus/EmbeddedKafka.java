package io.imbridge.bus;

import java.util.Map;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/**
 * A real KRaft Kafka broker in this JVM (combined broker and controller). Stopped by the tests' own lifecycle, not a
 * shutdown hook: the broker's shutdown racing the JVM's made the test fork exit uncleanly now and then.
 */
public final class EmbeddedKafka {

    private static KafkaClusterTestKit cluster;

    private EmbeddedKafka() {
    }

    public static synchronized String bootstrapServers() throws Exception {
        if (cluster == null) {
            cluster = start(Map.of("auto.create.topics.enable", "true"));
        }
        return cluster.bootstrapServers();
    }

    /** A combined broker and controller with one replica of everything, {@code config} added, started and ready. */
    private static KafkaClusterTestKit start(Map<String, String> config) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1");
        config.forEach(builder::setConfigProp);
        KafkaClusterTestKit c = builder.build();
        c.format();
        c.startup();
        c.waitForReadyBrokers();
        return c;
    }

    public static synchronized void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (secured != null) {
            secured.close();
            secured = null;
        }
    }

    // ---- a second broker whose clients must authenticate: SASL_PLAINTEXT with PLAIN --------------------------

    /** A user of the secured broker who may do anything (no ACLs): what the bridge is given. */
    public static final String USER = "bridge";
    public static final String PASSWORD = "bridge-secret";
    private static KafkaClusterTestKit secured;

    /** PLAIN's login module line for a user, as {@code sasl.jaas.config} takes it. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * The address of a broker that accepts only SASL_PLAINTEXT clients authenticated with PLAIN as {@link #USER}
     * (or the broker's own {@code admin}); it creates no topic by itself, so a topic there was made by a client.
     * Its users live in the listener's own JAAS setting: nothing JVM-wide, the plain broker beside it unchanged.
     */
    public static synchronized String securedBootstrapServers() throws Exception {
        if (secured == null) {
            // the test kit's listeners are EXTERNAL (clients, and the broker's own) and CONTROLLER
            secured = start(Map.of(
                    "listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms", "PLAIN",
                    "sasl.mechanism.inter.broker.protocol", "PLAIN",
                    "listener.name.external.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""
                            + " password=\"admin-secret\" user_admin=\"admin-secret\" user_" + USER
                            + "=\"" + PASSWORD + "\";",
                    "auto.create.topics.enable", "false"));
        }
        return secured.bootstrapServers();
    }

    /** Client properties for the secured broker as {@code user}. */
    public static Map<String, Object> securedClient(String user, String password) throws Exception {
        return Map.of("bootstrap.servers", securedBootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(user, password));
    }
}
