package io.imbridge.bus;

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
            KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            c.format();
            c.startup();
            c.waitForReadyBrokers();
            cluster = c;
        }
        return cluster.bootstrapServers();
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
            KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // the test kit's listeners are EXTERNAL (clients, and the broker's own) and CONTROLLER
                    .setConfigProp("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                    .setConfigProp("listener.name.external.plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""
                                    + " password=\"admin-secret\" user_admin=\"admin-secret\" user_" + USER
                                    + "=\"" + PASSWORD + "\";")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            c.format();
            c.startup();
            c.waitForReadyBrokers();
            secured = c;
        }
        return secured.bootstrapServers();
    }

    /** Client properties for the secured broker as {@code user}. */
    public static java.util.Map<String, Object> securedClient(String user, String password) throws Exception {
        return java.util.Map.of("bootstrap.servers", securedBootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(user, password));
    }
}
