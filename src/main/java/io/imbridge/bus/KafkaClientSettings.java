package io.imbridge.bus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The connection settings of the Kafka clients the bridge makes itself (the bus's topic creation, the replay's
 * consumer): the brokers and every security setting — {@code security.protocol}, {@code sasl.*}, {@code ssl.*} — taken
 * from camel-kafka's own component configuration ({@code camel.component.kafka.*}), translated by camel-kafka itself.
 * So one set of properties secures the bus's endpoints and these clients alike, and they cannot drift apart.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /** Kafka client properties: {@code bootstrap.servers} and the security settings of the context's kafka component. */
    public static Map<String, Object> of(CamelContext context) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        // a copy, as camel-kafka's endpoints take one: deriving settings from sasl-auth-type changes the copy
        KafkaConfiguration conf = kafka.getConfiguration().copy();
        if (conf.getSslContextParameters() == null) {
            // camel.component.kafka.use-global-ssl-context-parameters, as camel-kafka's endpoints apply it
            conf.setSslContextParameters(kafka.retrieveGlobalSslContextParameters());
        }
        // camel-kafka's own translation (sasl-auth-type, TLS only with an SSL protocol, additional-properties[...]):
        // of it, the settings every client type shares
        Properties all = conf.createConsumerProperties();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                conf.getBrokers() == null || conf.getBrokers().isBlank() ? "localhost:9092" : conf.getBrokers());
        all.forEach((k, v) -> {
            String key = k.toString();
            if (key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                out.put(key, v);
            }
        });
        return out;
    }

    /** The settings for a log line: the protocol and SASL mechanism only, never a credential or a store password. */
    public static String describe(Map<String, Object> settings) {
        Object protocol = settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        Object mechanism = settings.get("sasl.mechanism");
        return mechanism == null || !protocol.toString().startsWith("SASL") ? protocol.toString()
                : protocol + " " + mechanism;
    }
}
