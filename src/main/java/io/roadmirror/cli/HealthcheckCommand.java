package io.roadmirror.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** For container health checks: the image needs no curl, and the answer is the pipeline's own. */
@Command(
        name = "healthcheck",
        mixinStandardHelpOptions = true,
        description =
                "Asks a running instance whether it is ready (GET <url>); exit code 0 when it answers 200, 1 otherwise.")
final class HealthcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "URL",
            defaultValue = "http://localhost:8080/api/health/ready",
            description = "Health endpoint; default: ${DEFAULT-VALUE}")
    URI url;

    @Override
    public Integer call() {
        try {
            HttpResponse<String> answer = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            spec.commandLine().getOut().println(answer.statusCode() + " " + answer.body());
            return answer.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getOut().println("no answer from " + url + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
