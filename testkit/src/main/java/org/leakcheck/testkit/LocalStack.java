package org.leakcheck.testkit;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in Docker, through Testcontainers: the engine of the integration tests under
 * {@code mvn -Plocalstack verify}. Current LocalStack images need {@code LOCALSTACK_AUTH_TOKEN} in
 * the environment; it is passed through. Without a Docker engine the tests that need it are
 * aborted (reported as skipped) with a message saying why: they never pretend to have run.
 */
final class LocalStack implements AutoCloseable {
    /** System property naming the image; the default is pinned so runs are reproducible. */
    static final String IMAGE_PROPERTY = "leakcheck.localstack.image";
    /**
     * A full version, not a moving minor tag ({@code 4.9} follows its patch releases): the same image as
     * infrastructure/localstack.sh's default, so both LocalStack checks run one LocalStack.
     */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.9.2";

    private static final String NO_DOCKER =
            "LocalStack tests skipped: -Plocalstack needs a Docker engine, and none is reachable on this machine";

    private final LocalStackContainer container;

    private LocalStack(LocalStackContainer container) {
        this.container = container;
    }

    /** Starts LocalStack with DynamoDB, or aborts the calling tests when Docker is absent. */
    static LocalStack start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            // Printed as well as reported: surefire shows a class aborted in @BeforeAll as "0 tests run".
            System.err.println("leakcheck: " + NO_DOCKER);
            Assumptions.abort(NO_DOCKER);
        }
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE)))
                .withServices("dynamodb");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        return new LocalStack(container);
    }

    URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
