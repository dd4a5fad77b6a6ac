/**
 * Test support for leakcheck's integration tests: {@link org.leakcheck.testkit.Dynalite} runs the
 * DynamoDB-compatible engine dynalite (npm {@code dynalite@4}) on a free loopback port, and
 * {@link org.leakcheck.testkit.DynaliteExtension} gives JUnit 5 tests an engine and a client.
 *
 * <p>dynalite is installed into {@code testkit/node_modules} by this module's Maven build
 * ({@code npm ci} from the committed lockfile, phase generate-resources). Because testkit comes
 * before loader and function in the reactor, their tests find it installed; they point at it
 * with the surefire system property {@code leakcheck.testkit.dir}.
 */
package org.leakcheck.testkit;
