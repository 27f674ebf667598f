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
    }
}
