/**
 * RFC 9497 Oblivious Pseudorandom Function, base mode (0x00, "OPRF"), ciphersuite P256-SHA256
 * (RFC 9497 §4.3), on Bouncy Castle's P-256 arithmetic and RFC 9380 hash-to-curve.
 *
 * <h2>Protocol (RFC 9497 §3.3.1)</h2>
 * <pre>
 *   Client(input)                                          Server(skS)
 *   -------------------------------------------------------------------------------
 *   blind, blindedElement = Blind(input)
 *     r = RandomScalar()                   (ScalarSource)
 *     M = r * HashToGroup(input)           (RFC 9380, DST "HashToGroup-OPRFV1-\0-P256-SHA256")
 *
 *                              blindedElement (33 bytes)
 *                         ----------------------------------&gt;
 *
 *                                  evaluatedElement = BlindEvaluate(skS, blindedElement)
 *                                    DeserializeElement(M)  (reject bad length, prefix,
 *                                                            x &gt;= p, off-curve, identity)
 *                                    Z = skS * M
 *
 *                              evaluatedElement (33 bytes)
 *                         &lt;----------------------------------
 *
 *   output = Finalize(input, blind, evaluatedElement)
 *     N = (1/r) * Z  =  skS * HashToGroup(input)
 *     output = SHA-256(len(input) || input || len(N) || N || "Finalize")    (32 bytes)
 *
 *   Key holder, without a client:   output = Evaluate(skS, input)   (same 32 bytes)
 * </pre>
 * The server sees only {@code M}, a uniformly random group element; the client learns only
 * the PRF output for its own input, not {@code skS}. In leakcheck the input is the canonical
 * encoding of an identity, the server is the evaluate Lambda, and the loader calls
 * {@link org.leakcheck.protocol.oprf.Oprf#evaluate} for every identity of the leak.
 *
 * <h2>Map of the code</h2>
 * <ul>
 *   <li>{@link org.leakcheck.protocol.oprf.Oprf}: DeriveKeyPair (§3.2.1), Blind, BlindEvaluate,
 *       Finalize and Evaluate (§3.3.1).</li>
 *   <li>{@link org.leakcheck.protocol.oprf.OprfKey}: the private scalar and its public key;
 *       {@link org.leakcheck.protocol.oprf.Blinded}: the client's state between Blind and
 *       Finalize; {@link org.leakcheck.protocol.oprf.ScalarSource}: where blinds come from, with
 *       a fixed seam for replaying the RFC vectors in tests.</li>
 *   <li>{@link org.leakcheck.protocol.oprf.Elements}: DeserializeElement's checks for callers
 *       that validate first. Each failed check is its own
 *       {@link org.leakcheck.protocol.oprf.OprfException} subclass with a stable
 *       {@code rule()} code; messages start with {@code "oprf: "} and never contain the
 *       value.</li>
 *   <li>Package-private: {@code Suite} (context string and labels), {@code P256Group} (the
 *       group of §2.1 on P-256), {@code P256HashToCurve} and {@code P256SswuMap} (RFC 9380
 *       hash_to_curve, with Bouncy Castle's pipeline and a faster map that gives identical
 *       results).</li>
 * </ul>
 *
 * <h2>Checks where values are parsed</h2>
 * Elements must be 33-byte compressed SEC1 points with x below p, on the curve and not the
 * identity. Private keys and fixed blinds must be 32 bytes, non-zero and below n (checked in
 * constant time). Inputs must fit the two-byte length prefix (at most 65535 bytes, §5.1), and an
 * input hashing to the identity is refused (InvalidInputError, §3.3.1).
 *
 * <h2>Side channels</h2>
 * The server key in BlindEvaluate, the blind and its inverse are multiplied with Bouncy Castle's
 * {@code ECConstantTimeMultiplier} (regular signed window, cache-safe lookups), and the blind is
 * inverted with a constant-time inversion. {@code Evaluate} uses the faster wNAF multiplier,
 * whose memory accesses depend on the key: it is only run offline by the loader, on the
 * operator's machine, where no one else can time it. Hash-to-curve uses branch-free CMOVs in
 * the map; the Bouncy Castle parts around it ({@code BigInteger} reductions) are not strictly
 * constant-time.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9497">RFC 9497, OPRFs Using Prime-Order Groups</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9380">RFC 9380, Hashing to Elliptic Curves</a>
 */
package org.leakcheck.protocol.oprf;
