/**
 * RFC 9497 Oblivious Pseudorandom Functions, ciphersuite P256-SHA256 (RFC 9497 §4.3), on Bouncy
 * Castle's P-256 arithmetic and RFC 9380 hash-to-curve. leakcheck runs mode 0x01 (VOPRF,
 * {@link org.leakcheck.protocol.oprf.Oprf#VERIFIABLE}); mode 0x00 ({@link org.leakcheck.protocol.oprf.Oprf#BASE})
 * is here so that the RFC's vectors of both modes replay through the same code.
 *
 * <h2>Protocol (RFC 9497 §3.3.2, a batch of m elements)</h2>
 * <pre>
 *   Client(inputs x_1..x_m, pinned pkS)                       Server(skS, pkS)
 *   -------------------------------------------------------------------------------------
 *   for each i: (r_i, M_i) = Blind(x_i)
 *     r_i = RandomScalar()                 (ScalarSource)
 *     M_i = r_i * HashToGroup(x_i)         (RFC 9380, DST "HashToGroup-OPRFV1-\1-P256-SHA256")
 *
 *                              M_1..M_m (33 bytes each)
 *                         ----------------------------------&gt;
 *
 *                                  BlindEvaluateBatch(skS, M_1..M_m)
 *                                    DeserializeElement(M_i)  (reject bad length, prefix,
 *                                                              x &gt;= p, off-curve, identity)
 *                                    Z_i = skS * M_i          (constant-time)
 *                                    proof = GenerateProof(skS, G, pkS, [M_i], [Z_i])   (§2.2.1)
 *
 *                              Z_1..Z_m, proof (64 bytes)
 *                         &lt;----------------------------------
 *
 *   FinalizeBatch: VerifyProof(G, pkS, [M_i], [Z_i], proof) with the PINNED pkS (§2.2.2),
 *   then y_i = SHA-256(len(x_i) || x_i || len(N_i) || N_i || "Finalize"), N_i = (1/r_i) * Z_i
 *
 *   Key holder, without a client:   y = Evaluate(skS, x)   (same 32 bytes)
 * </pre>
 * The server sees only the {@code M_i}, uniformly random group elements; the client learns only the
 * PRF outputs for its own inputs, and the proof shows that they were computed under the key it
 * pinned, so a server cannot single a client out with a key of its own. In leakcheck the inputs
 * are canonical identities (and dummies), the server is the evaluate Lambda, and the loader calls
 * {@link org.leakcheck.protocol.oprf.Oprf#evaluate} for every identity of the leak.
 *
 * <h2>Map of the code</h2>
 * <ul>
 *   <li>{@link org.leakcheck.protocol.oprf.Oprf}: DeriveKeyPair (§3.2.1), Blind, BlindEvaluate,
 *       BlindEvaluateBatch, Finalize, FinalizeBatch and Evaluate (§3.3).</li>
 *   <li>{@code Dleq} (package-private): GenerateProof, VerifyProof and the composites (§2.2).</li>
 *   <li>{@link org.leakcheck.protocol.oprf.OprfKey}: the private scalar and its public key;
 *       {@link org.leakcheck.protocol.oprf.Blinded}: the client's state between Blind and
 *       Finalize; {@link org.leakcheck.protocol.oprf.BatchEvaluation}: the server's answer;
 *       {@link org.leakcheck.protocol.oprf.ScalarSource}: where blinds and proof nonces come
 *       from, with a fixed seam for replaying the RFC vectors in tests.</li>
 *   <li>{@link org.leakcheck.protocol.oprf.OprfException}: the one error of the package, with an
 *       {@link org.leakcheck.protocol.oprf.OprfException.Rule} per check; messages start with
 *       {@code "oprf: "} and never contain the value. {@link org.leakcheck.protocol.oprf.Elements}:
 *       DeserializeElement's checks for callers that validate first.</li>
 *   <li>Package-private: {@code Suite} (context string and labels of a mode), {@code P256Group}
 *       (the group of §2.1 on P-256), {@code P256HashToCurve} and {@code P256SswuMap} (RFC 9380
 *       hash_to_curve, with Bouncy Castle's pipeline and a faster map that gives identical
 *       results).</li>
 * </ul>
 *
 * <h2>Checks where values are parsed</h2>
 * Elements must be 33-byte compressed SEC1 points with x below p, on the curve and not the
 * identity. Private keys and fixed blinds must be 32 bytes, non-zero and below n (checked in
 * constant time); proof scalars must be below n. Inputs must fit the two-byte length prefix (at
 * most 65535 bytes, §5.1), and an input hashing to the identity is refused (InvalidInputError,
 * §3.3.1).
 *
 * <h2>Side channels</h2>
 * Every multiplication by a secret (the server key in BlindEvaluate and Evaluate, the proof nonce,
 * the blind and its inverse) is constant-time with respect to that scalar: {@code
 * P256SecretMultiplier} for any point, {@code P256GeneratorMultiplier} for multiples of the
 * generator (their Javadoc gives the argument); the blind is inverted with a constant-time
 * inversion. The proof's composites and its verification use only public scalars, so they run on
 * the variable-time {@code P256PublicMultiplier}. All three are ours, on the same 52-bit-limb
 * Montgomery field arithmetic, and the tests check them against Bouncy Castle. The proof's
 * {@code s = r - c * skS mod n} is computed with {@code BigInteger}, whose timing may depend on the
 * operands' magnitudes. Hash-to-curve uses branch-free CMOVs in the map; the Bouncy Castle parts
 * around it ({@code BigInteger} reductions) are not strictly constant-time.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9497">RFC 9497, OPRFs Using Prime-Order Groups</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9380">RFC 9380, Hashing to Elliptic Curves</a>
 */
package org.leakcheck.protocol.oprf;
