# Build: the same command as the README. Run: a JRE 17, as a non-root user, with a health check.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY application.properties .
COPY routes routes
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app bridge && mkdir -p /app/data && chown -R bridge /app
WORKDIR /app
# the jar alone: its routes and default properties are inside it
COPY --from=build /src/target/im-bridge.jar /app/im-bridge.jar
USER bridge
# the class-data archive for this image's own java (the jar's class-data command: one start, one message, a stop)
RUN java -XX:ArchiveClassesAtExit=/app/im-bridge.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UseSerialGC \
      -jar /app/im-bridge.jar class-data > /dev/null
EXPOSE 8080
VOLUME /app/data
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s \
  CMD curl -fsS http://127.0.0.1:8080/observe/health || exit 1
# Memory: the heap follows the container's limit (40 % of it: ~205 MB with `docker run -m 512m`, about the README's
# -Xmx192m, under which MemoryFloodIT's flood peaked at 381 MB RSS; not measured in a container). Without -m it is
# 40 % of the host's memory: give the container a limit. Add options with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=40", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/app/im-bridge.jsa", "-jar", "/app/im-bridge.jar"]
