package io.imbridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;

import io.imbridge.bus.Bus;
import io.imbridge.bus.BusReplay;
import io.imbridge.delivery.AccountDirectory;
import io.imbridge.delivery.DeadLettering;
import io.imbridge.delivery.DeliveryEngine;
import io.imbridge.delivery.DeliveryQueue;
import io.imbridge.delivery.GroupDirectory;
import io.imbridge.delivery.Idempotency;
import io.imbridge.delivery.MessageRecords;
import io.imbridge.delivery.Outbound;
import io.imbridge.delivery.PrimaryDelivery;
import io.imbridge.delivery.NumberedMessages;
import io.imbridge.delivery.Recalls;
import io.imbridge.delivery.Router;
import io.imbridge.delivery.TargetPacing;
import io.imbridge.migrate.HistoryPull;
import io.imbridge.migrate.Migration;
import io.imbridge.observe.AdminApi;
import io.imbridge.observe.AdminAuth;
import io.imbridge.observe.ConsoleApi;
import io.imbridge.observe.ConsoleFiles;
import io.imbridge.observe.Events;
import io.imbridge.observe.InboundErrors;
import io.imbridge.observe.RecentTries;
import io.imbridge.observe.TargetStats;
import io.imbridge.provider.CanonicalDataFormat;
import io.imbridge.provider.ProviderEdgeReplies;
import io.imbridge.provider.Providers;
import io.imbridge.provider.RawBodies;
import io.imbridge.provider.sandbox.SandboxStore;
import io.imbridge.store.BridgeDatabase;
import io.imbridge.store.DeadLetterTable;
import io.imbridge.store.DeliveredCallTable;
import io.imbridge.store.DeliveryTable;
import io.imbridge.store.IdempotencyTable;
import io.imbridge.store.InstanceTable;
import io.imbridge.store.ConversationSeqTable;
import io.imbridge.store.MessageIdTable;
import io.imbridge.store.MessageTable;
import io.imbridge.store.MigratedTable;
import io.imbridge.store.MigrationItemTable;
import io.imbridge.store.MigrationRunTable;
import io.imbridge.store.QueueTable;
import io.imbridge.store.RecallTable;
import io.imbridge.store.Retention;
import io.imbridge.support.HttpServerLimits;
import io.imbridge.support.KeepTheCall;
import io.imbridge.support.TemplatedDataTypes;

/**
 * The core's beans, listed: each bound under the name of its {@code @BindToRegistry}. Camel's package scan found
 * them before, at the cost of reading the whole 54 MB jar at every start (about 1.2 s of a 4 s start,
 * BENCHMARKS.md › Start). A provider's own beans are declared in its route file (routes/&lt;provider&gt;.yaml),
 * so a provider stays one package and one route file.
 */
public final class BridgeBeans implements CamelConfiguration {

    /** By layer: the store, delivery, what providers share, the bus, observation, migration, HTTP, the start. */
    static final List<Class<?>> CORE = List.of(
            BridgeDatabase.class, ConversationSeqTable.class, DeadLetterTable.class, DeliveredCallTable.class, DeliveryTable.class,
            IdempotencyTable.class, InstanceTable.class, MessageIdTable.class, MessageTable.class, MigratedTable.class,
            MigrationItemTable.class, MigrationRunTable.class, QueueTable.class, RecallTable.class, Retention.class,
            AccountDirectory.class, DeadLettering.class, DeliveryEngine.class, DeliveryQueue.class,
            GroupDirectory.class, Idempotency.class,
            MessageRecords.class, NumberedMessages.class, Outbound.class, PrimaryDelivery.class, Recalls.class, Router.class, TargetPacing.class,
            CanonicalDataFormat.class, ProviderEdgeReplies.class, Providers.class, RawBodies.class,
            SandboxStore.class,
            Bus.class, BusReplay.class,
            AdminApi.class, AdminAuth.class, ConsoleApi.class, ConsoleFiles.class, Events.class, InboundErrors.class,
            RecentTries.class, TargetStats.class,
            HistoryPull.class, Migration.class,
            HttpServerLimits.class, KeepTheCall.class, TemplatedDataTypes.class,
            BridgeStartup.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        // every bean bound first, then injected: a bean's @BeanInject finds the others whatever the list's order
        Map<String, Object> beans = new LinkedHashMap<>();
        for (Class<?> type : CORE) {
            String name = type.getAnnotation(BindToRegistry.class).value();
            Object bean = context.getInjector().newInstance(type, false);
            context.getRegistry().bind(name, bean);
            beans.put(name, bean);
        }
        CamelBeanPostProcessor injection = PluginHelper.getBeanPostProcessor(context);
        for (Map.Entry<String, Object> bean : beans.entrySet()) {
            CamelContextAware.trySetCamelContext(bean.getValue(), context);
            injection.postProcessBeforeInitialization(bean.getValue(), bean.getKey());
            injection.postProcessAfterInitialization(bean.getValue(), bean.getKey());
        }
        // per-route metrics for the routes where work enters, not for every internal hop (camel.metrics.enableRoutePolicy
        // is off: this is its replacement)
        context.addRoutePolicyFactory(new io.imbridge.observe.EntryRouteMetrics());
        // configured now: the store opens on the other core while Camel reads and starts the routes
        ((BridgeDatabase) beans.get("bridgeDatabase")).openAhead();
    }
}
