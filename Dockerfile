# Build: the same command as the README. Run: a JRE 17, as a non-root user, with a health check.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app bridge && mkdir -p /app/data && chown -R bridge /app
WORKDIR /app
COPY --from=build /src/target/im-bridge.jar /app/im-bridge.jar
COPY application.properties /app/application.properties
COPY routes /app/routes
USER bridge
EXPOSE 8080
VOLUME /app/data
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD curl -fsS http://127.0.0.1:8080/observe/health || exit 1
# Memory: the heap is bounded here, so the jar runs the bridge in this JVM (no relaunch, see README "Operations").
# With these options MemoryFloodIT's flood of hostile bodies peaks at about 370 MB RSS: run the container with
# `docker run -m 512m …`. For a larger heap raise both, e.g. -e JDK_JAVA_OPTIONS="-Xmx384m -XX:+UseSerialGC" -m 768m.
ENV JDK_JAVA_OPTIONS="-Xmx192m -XX:+UseSerialGC"
ENTRYPOINT ["java", "-jar", "/app/im-bridge.jar"]
