package org.leakcheck.loader.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NirIdentity;

class NirMakerTest {

    @Test
    void computesTheKeyAs97MinusTheNumberModulo97() {
        String body = NirMaker.body('1', 1984, 12, "75108", 123);
        assertEquals("1841275108123", body);
        assertEquals(97 - (int) (1841275108123L % 97), NirMaker.key(body));
    }

    @Test
    void readsCorsica2aAs19And2bAs18() {
        assertEquals(97 - (int) (2850519999001L % 97), NirMaker.key("285052A999001"));
        assertEquals(97 - (int) (2850518999001L % 97), NirMaker.key("285052B999001"));
        String nir = NirMaker.withKey("285052A999001", NirMaker.key("285052A999001"));
        assertEquals(nir, NirIdentity.parse(nir).nir());
    }

    @Test
    void wrongKeyIsNeverTheRightOneAndLooksLikeAKey() {
        Rng rng = new Rng(5);
        for (int correct = 1; correct <= 97; correct++) {
            for (int i = 0; i < 200; i++) {
                int wrong = NirMaker.wrongKey(correct, rng);
                assertNotEquals(correct, wrong);
                assertTrue(wrong >= 1 && wrong <= 97);
            }
        }
    }

    @Test
    void wrongKeyIsRejectedByTheProtocolForTheKeyRule() {
        String body = NirMaker.body('2', 1990, 3, "13055", 42);
        String bad = NirMaker.withKey(body, NirMaker.wrongKey(NirMaker.key(body), new Rng(9)));
        InvalidIdentityException e = assertThrows(InvalidIdentityException.class, () -> NirIdentity.parse(bad));
        assertEquals("nir.key", e.rule());
    }
}
