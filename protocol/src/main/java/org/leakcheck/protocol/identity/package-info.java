/**
 * Identity canonicalization: turns what a person types (or what a leaked record holds) into the
 * exact bytes that are hashed into a bucket and fed to the OPRF.
 *
 * <pre>
 *   typed NIR ------------------&gt; Nir.canonicalize ------------&gt; NirIdentity      (tag 0x01)
 *   typed last, first, date ----&gt; Names / BirthDates ----------&gt; NameDobIdentity  (tag 0x02)
 *   either, plus typed factor --&gt; Factor.canonical ------------&gt; FactorIdentity   (tag 0x03 / 0x04)
 *                                                                    |
 *                     canonicalBytes() = tag || (u16 BE length || UTF-8 field)*
 * </pre>
 *
 * <p>Both sides of the protocol must agree to the byte: the loader canonicalizes every leaked
 * record, the browser and API clients canonicalize what the visitor types, and a single
 * differing byte means "not found". The rules are therefore specified character by character
 * in each class's documentation and in {@code docs/protocol.md}, and the shared table
 * {@code vectors/canonicalization.json} is replayed by the Java and the JavaScript implementations.
 * The two run on different Unicode versions (JDK 17 has Unicode 13, browsers and Node.js later
 * ones), so no rule reads the runtime's Unicode tables: character classes are explicit lists, and
 * names accept only a fixed repertoire of long-assigned code points whose NFKD is frozen by
 * Unicode's stability policy (see {@link org.leakcheck.protocol.identity.Names}).
 *
 * <p>Invalid input raises {@link org.leakcheck.protocol.identity.InvalidIdentityException}, whose
 * {@code field()} and {@code rule()} feed an RFC 9457 problem body. Its message never contains the
 * input, and identities print as {@code [redacted]}.
 */
package org.leakcheck.protocol.identity;
