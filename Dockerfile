# roadmirror: the pipeline, simulator and tools in one image (entry point: the roadmirror CLI).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline -Droadmirror.skipEmbeddedRegistry=true || true
COPY schemas schemas
COPY src/main src/main
# The image talks to an external schema registry: no embedded Apicurio, no tests.
RUN mvn -q -B package -Dmaven.test.skip=true -Droadmirror.skipEmbeddedRegistry=true

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app roadmirror && mkdir -p /app/state && chown roadmirror /app/state
WORKDIR /app
COPY --from=build /src/target/lib /app/lib
COPY --from=build /src/target/roadmirror.jar /app/roadmirror.jar
USER roadmirror
ENV ROADMIRROR_JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
# Exit on OutOfMemoryError (never half-working after one), so the restart policy starts a fresh process.
ENTRYPOINT ["sh", "-c", "exec java -XX:+ExitOnOutOfMemoryError $ROADMIRROR_JAVA_OPTS -jar /app/roadmirror.jar \"$@\"", "roadmirror"]
CMD ["--help"]
