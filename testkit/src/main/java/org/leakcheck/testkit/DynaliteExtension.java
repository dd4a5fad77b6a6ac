package org.leakcheck.testkit;

import java.net.URI;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * JUnit 5 extension giving tests a DynamoDB-compatible engine: an in-memory {@link Dynalite} on a
 * free loopback port, and a ready {@link DynamoDbClient} (url-connection client, eu-west-3, dummy
 * static credentials).
 *
 * <p>Use it either way:
 * <pre>{@code
 * @ExtendWith(DynaliteExtension.class)          // one engine per test class
 * class MyTest {
 *     @Test void works(DynamoDbClient client, URI endpoint) { ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();   // one for the whole run
 *     @Test void works() { DYNAMO.client().listTables(); }
 * }
 * }</pre>
 * Test methods may take {@link DynamoDbClient} and {@link URI} (the endpoint) parameters. The
 * engine and client are closed when their scope ends (the test class, or the whole run for the
 * shared engine), whether the tests passed or not. Tests of one scope share tables, so each test
 * should use its own table names. Tests that kill or restart the engine use {@link Dynalite}
 * directly instead.
 *
 * <p>With the system property {@value #ENDPOINT_PROPERTY} set, no dynalite is started and clients
 * point there. With {@value #ENGINE_PROPERTY} = {@code localstack} (the Maven profile
 * {@code localstack}), LocalStack runs in Docker through Testcontainers instead; without Docker the
 * tests are reported as skipped, with the reason.
 */
public final class DynaliteExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** System property: use this DynamoDB-compatible endpoint instead of starting dynalite. */
    public static final String ENDPOINT_PROPERTY = "leakcheck.dynamodb.endpoint";

    /** System property set by the build: {@code dynalite} (default) or {@code localstack} ({@code -Plocalstack}). */
    public static final String ENGINE_PROPERTY = "leakcheck.engine";
    private static final String LOCALSTACK = "localstack";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynaliteExtension.class);
    private static final String KEY = "engine";

    private final boolean sharedPerJvm;
    private volatile Engine engine;

    /** One engine per test class; this is what {@code @ExtendWith(DynaliteExtension.class)} uses. */
    public DynaliteExtension() {
        this(false);
    }

    private DynaliteExtension(boolean sharedPerJvm) {
        this.sharedPerJvm = sharedPerJvm;
    }

    /** One engine per test class, for {@code @RegisterExtension static} fields. */
    public static DynaliteExtension perClass() {
        return new DynaliteExtension(false);
    }

    /** One engine for every test class of the run that registers it this way. */
    public static DynaliteExtension sharedPerJvm() {
        return new DynaliteExtension(true);
    }

    /** The engine's endpoint; available from {@code @BeforeAll} on. */
    public URI endpoint() {
        return started().endpoint;
    }

    /** A ready client to the engine, shared by the tests of this scope; do not close it. */
    public DynamoDbClient client() {
        return started().client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        engine = engineFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Also covers registration on an instance field, where beforeAll is never called.
        engine = engineFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == DynamoDbClient.class || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Engine resolved = engineFor(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == DynamoDbClient.class) {
            return resolved.client;
        }
        if (type == URI.class) {
            return resolved.endpoint;
        }
        throw new ParameterResolutionException("DynaliteExtension resolves DynamoDbClient and URI only");
    }

    private Engine engineFor(ExtensionContext context) {
        ExtensionContext owner = sharedPerJvm ? context.getRoot() : classContext(context);
        // A store value that is AutoCloseable is closed by JUnit when its context ends, even
        // after failures; nested classes see their enclosing class's value.
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> Engine.start(), Engine.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private Engine started() {
        Engine current = engine;
        if (current == null) {
            throw new IllegalStateException("DynaliteExtension has not started yet: use it from @BeforeAll on,"
                    + " and register it with @ExtendWith or on a static @RegisterExtension field");
        }
        return current;
    }

    /** A running engine (or an external endpoint) and its client, closed together. */
    private static final class Engine implements AutoCloseable {
        private final AutoCloseable process;
        private final URI endpoint;
        private final DynamoDbClient client;

        private Engine(AutoCloseable process, URI endpoint, DynamoDbClient client) {
            this.process = process;
            this.endpoint = endpoint;
            this.client = client;
        }

        static Engine start() {
            String external = System.getProperty(ENDPOINT_PROPERTY);
            if (external != null && !external.isBlank()) {
                URI endpoint = URI.create(external.trim());
                return new Engine(null, endpoint, Dynalite.clientBuilder(endpoint).build());
            }
            if (LOCALSTACK.equals(System.getProperty(ENGINE_PROPERTY))) {
                LocalStack localStack = LocalStack.start();
                return new Engine(localStack, localStack.endpoint(), Dynalite.clientBuilder(localStack.endpoint()).build());
            }
            Dynalite dynalite = Dynalite.startInMemory();
            try {
                return new Engine(dynalite, dynalite.endpoint(), dynalite.newClient());
            } catch (RuntimeException e) {
                dynalite.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                if (process != null) {
                    try {
                        process.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not stop the test engine", e);
                    }
                }
            }
        }
    }
}
