# One image for every module; docker-compose.yml picks the entry class per container.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/launcher/target/tracker.jar /app/tracker.jar
COPY --from=build /src/launcher/target/lib /app/lib
COPY jvm.options /app/jvm.options
ENV JAVA_OPTS=""
# e.g. io.tracker.edge.EdgeApp, io.tracker.admin.ApiApp, io.tracker.clicks.ClickStreamsApp, io.tracker.attribution.AttributionApp,
# io.tracker.postbacks.PostbackApp
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options $JAVA_OPTS -cp '/app/tracker.jar:/app/lib/*' \"$0\" \"$@\""]
