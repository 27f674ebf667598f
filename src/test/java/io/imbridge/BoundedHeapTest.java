package io.imbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedHeapTest {

    @Test
    void aHeapLimitOnTheCommandLineIsTheUsersChoice() {
        for (String limit : List.of("-Xmx512m", "-XX:MaxHeapSize=1g", "-XX:MaxRAM=2g", "-XX:MaxRAMPercentage=75",
                "-XX:MaxRAMFraction=4")) {
            assertTrue(BoundedHeap.heapBounded(List.of("-Dcamel.server.port=1", limit), Map.of()), limit);
        }
    }

    @Test
    void optionsThatDoNotBoundTheHeapLeaveItUnbounded() {
        assertFalse(BoundedHeap.heapBounded(List.of(), Map.of()));
        assertFalse(BoundedHeap.heapBounded(List.of("-Xms64m", "-Xss512k", "-XX:InitialRAMPercentage=10",
                "-Dbridge.jvm.max-heap=-Xmx1g", "-XX:MaxMetaspaceSize=128m"), Map.of()));
    }

    @Test
    void aHeapLimitInTheJvmsOptionVariablesCounts() {
        assertTrue(BoundedHeap.heapBounded(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Dx=1  -Xmx300m")));
        assertTrue(BoundedHeap.heapBounded(List.of(), Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=50")));
        assertFalse(BoundedHeap.heapBounded(List.of(), Map.of("JAVA_OPTS", "-Xmx300m")), "not read by the JVM");
    }

    @Test
    void aDebuggedJvmRunsTheBridgeItself() {
        assertTrue(BoundedHeap.debugged(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")));
        assertFalse(BoundedHeap.debugged(List.of("-javaagent:otel.jar")));
    }

    @Test
    void theSettingComesFromASystemPropertyThenTheEnvironmentThenTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "# memory\nbridge.jvm.max-heap=200m\n");
        Properties system = new Properties();
        Map<String, String> env = Map.of("BRIDGE_JVM_MAX_HEAP", "300m");
        assertEquals("300m", BoundedHeap.setting(BoundedHeap.MAX_HEAP, "256m", system, env, file));
        system.setProperty(BoundedHeap.MAX_HEAP, "400m");
        assertEquals("400m", BoundedHeap.setting(BoundedHeap.MAX_HEAP, "256m", system, env, file));
        assertEquals("200m", BoundedHeap.setting(BoundedHeap.MAX_HEAP, "256m", new Properties(), Map.of(), file));
        assertEquals("256m", BoundedHeap.setting(BoundedHeap.MAX_HEAP, "256m", new Properties(), Map.of(),
                dir.resolve("missing.properties")));
        Files.writeString(file, "bridge.jvm.max-heap=\n");
        assertEquals("", BoundedHeap.setting(BoundedHeap.MAX_HEAP, "256m", new Properties(), Map.of(), file),
                "empty turns the relaunch off");
    }

    @Test
    void theChildIsTheSameCommandWithTheHeapBoundedAndItsParentNamed() {
        assertEquals(List.of("/jdk/bin/java", "-Dcamel.server.port=9000", "-Xmx256m", "-XX:+UseSerialGC",
                        "-Dbridge.jvm.parent-pid=42", "-cp", "target/im-bridge.jar", "io.imbridge.Application", "bridge"),
                BoundedHeap.childCommand("/jdk/bin/java", List.of("-Dcamel.server.port=9000"), "256m", 42,
                        "target/im-bridge.jar", new String[]{"bridge"}));
    }

    @Test
    void aCollectorTheUserChoseIsKept() {
        assertEquals(List.of("java", "-XX:+UseG1GC", "-Xmx256m", "-Dbridge.jvm.parent-pid=42", "-cp", "im-bridge.jar",
                        "io.imbridge.Application"),
                BoundedHeap.childCommand("java", List.of("-XX:+UseG1GC"), "256m", 42, "im-bridge.jar", new String[0]));
    }
}
