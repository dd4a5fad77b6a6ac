/**
 * The two Lambda functions of the lookup API, protocol version 2 (see {@code docs/protocol.md}
 * §7), one jar, two roles:
 *
 * <pre>
 *   API Gateway (REST, proxy events v1)
 *     POST /v2/evaluate                   -> {@link org.leakcheck.function.EvaluateHandler}  holds the VOPRF key, no table
 *     GET  /v2/buckets/{dataset}/{load}/{bucket}
 *                                         -> {@link org.leakcheck.function.BucketsHandler}   one DynamoDB GetItem, public key only
 *     GET  /v2/info                       -> {@link org.leakcheck.function.BucketsHandler}
 * </pre>
 *
 * Handlers are thin: {@link org.leakcheck.function.http.ApiPipeline} does routing, validation
 * failures as RFC 9457 problems, CORS and the one log line per request; the handlers parse,
 * call the protocol core and map the result. Adapters ({@code aws}, {@code buckets}) bring the
 * keys and the table in through constructors. The {@code cli} module's local server
 * ({@code org.leakcheck.cli.local.LocalServer}) runs the same handler classes behind plain HTTP on
 * 127.0.0.1; it is not in the Lambda jar.
 */
package org.leakcheck.function;
