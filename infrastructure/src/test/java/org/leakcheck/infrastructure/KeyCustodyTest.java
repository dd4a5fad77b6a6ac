package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.services.kms.IKey;

/**
 * Who holds what (issue "Key custody"): the KMS key policies of the OPRF secret, the table and the
 * evaluate function, the secret's resource policy, with negative tests for every principal that
 * must not reach the key. Default app, offline.
 */
class KeyCustodyTest {
    private static final List<String> CRYPTO = List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
            "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKeyWithoutPlaintext");

    private final TestApps.Synthesized app = TestApps.defaults();
    private final LeakcheckStack main = app.stacks().main();

    private String role(software.amazon.awscdk.services.iam.IRole role) {
        return app.id(role);
    }

    @Test
    void encryptsTheOprfSecretWithAKeyOfItsOwn() {
        Map<String, Object> secret = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(main.keySecret().resource())));
        assertEquals(Map.of("Fn::GetAtt", List.of(app.id(main.keySecret().key()), "Arn")), secret.get("KmsKeyId"));
        app.main().hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "Description", software.amazon.awscdk.assertions.Match.stringLikeRegexp(".*OPRF key secret.*")));
    }

    @Test
    void letsOnlyEvaluateAndTheKeyCustodianDecryptTheOprfSecret() {
        IKey key = main.keySecret().key();
        assertTrue(KeyPolicyReader.allowsRole(app, key, role(main.evaluate().role()), "kms:Decrypt"));
        assertTrue(KeyPolicyReader.allowsRole(app, key, role(main.operators().keyCustodian()), "kms:Decrypt"));
        assertEquals(2, KeyPolicyReader.principalsAllowed(app, key, "kms:Decrypt").size());
        // Negative: nobody else, however broad their IAM policy (ReadOnlyAccess, an administrator's).
        for (String other : List.of(role(main.buckets().role()), role(main.operators().loader()))) {
            for (String action : CRYPTO) {
                assertFalse(KeyPolicyReader.allowsRole(app, key, other, action), other + " may " + action);
            }
        }
        for (String action : CRYPTO) {
            assertFalse(KeyPolicyReader.allowsAccount(app, key, action), "the account (IAM) may " + action);
        }
        assertFalse(KeyPolicyReader.allowsRole(app, key, role(main.evaluate().role()), "kms:GenerateDataKey"),
                "evaluate cannot put a key of its own");
    }

    @Test
    @SuppressWarnings("unchecked")
    void usesTheSecretsKeyOnlyThroughSecretsManager() {
        for (Map<String, Object> statement : KeyPolicyReader.allows(app, main.keySecret().key())) {
            boolean crypto = TemplateJson.actions(statement).stream().anyMatch(CRYPTO::contains)
                    || TemplateJson.actions(statement).contains("kms:CreateGrant");
            if (crypto) {
                Map<String, Object> equals = (Map<String, Object>) ((Map<String, Object>) statement.get("Condition"))
                        .get("StringEquals");
                assertEquals("secretsmanager.eu-west-3.amazonaws.com", equals.get("kms:ViaService"));
            }
        }
    }

    @Test
    void deniesTheSecretsValueToEveryOtherPrincipal() {
        // The OPRF secret's policy (the edge token's secret has one of its own: EdgeTokenTest).
        SecretPolicies.Deny deny = SecretPolicies.denyOf(app, main.keySecret(), main.keySecret().resource());
        assertTrue(deny.actions().containsAll(List.of("secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue")));
        List<Object> exempt = deny.exempt();
        assertEquals(2, exempt.size());
        assertTrue(TemplateJson.references(exempt.get(0), role(main.evaluate().role())));
        assertTrue(TemplateJson.references(exempt.get(1), role(main.operators().keyCustodian())));
        // Negative: the buckets role and the loader are not exempt, so an Allow elsewhere cannot help them.
        assertFalse(TemplateJson.references(exempt, role(main.buckets().role())));
        assertFalse(TemplateJson.references(exempt, role(main.operators().loader())));
    }

    @Test
    void letsOnlyTheBucketsFunctionAndTheLoaderUseTheTableKeyThroughDynamoDb() {
        IKey key = main.data().tableKey();
        assertTrue(KeyPolicyReader.allowsRole(app, key, role(main.buckets().role()), "kms:Decrypt"));
        assertTrue(KeyPolicyReader.allowsRole(app, key, role(main.operators().loader()), "kms:Encrypt"));
        assertEquals(2, KeyPolicyReader.principalsAllowed(app, key, "kms:Decrypt").size());
        assertFalse(KeyPolicyReader.allowsRole(app, key, role(main.buckets().role()), "kms:Encrypt"),
                "buckets cannot write the table, not even through its key");
        for (String action : CRYPTO) {
            assertFalse(KeyPolicyReader.allowsAccount(app, key, action), "the account (IAM) may " + action
                    + ": ReadOnlyAccess could Scan the table");
            assertFalse(KeyPolicyReader.allowsRole(app, key, role(main.evaluate().role()), action));
            assertFalse(KeyPolicyReader.allowsRole(app, key, role(main.operators().keyCustodian()), action));
        }
    }

    @Test
    void encryptsEvaluatesConfigurationAndSnapshotsWithACustomerManagedKey() {
        Map<String, Object> function = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(main.evaluate().function())));
        assertEquals(Map.of("Fn::GetAtt", List.of(app.id(main.evaluateKey()), "Arn")), function.get("KmsKeyArn"));
        assertTrue(KeyPolicyReader.allowsRole(app, main.evaluateKey(), role(main.evaluate().role()), "kms:Decrypt"));
        assertEquals(1, KeyPolicyReader.principalsAllowed(app, main.evaluateKey(), "kms:Decrypt").size(),
                "only evaluate reads its configuration back");
        assertFalse(TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(main.buckets().function()))).containsKey("KmsKeyArn"), "buckets holds nothing secret");
    }

    @Test
    void administersEveryKeyFromTheAccountWithoutUsingItAndRotatesIt() {
        for (IKey key : List.of(main.keySecret().key(), main.data().tableKey(), main.evaluateKey())) {
            assertTrue(KeyPolicyReader.allowsAccount(app, key, "kms:PutKeyPolicy"), "someone must administer it");
            assertFalse(KeyPolicyReader.allowsAccount(app, key, "kms:*"));
            for (Map<String, Object> statement : KeyPolicyReader.allows(app, key)) {
                assertFalse(TemplateJson.actions(statement).contains("kms:*"), "kms:* in a key policy");
            }
        }
        TemplateJson.ofType(app.mainJson(), "AWS::KMS::Key").values().forEach(k ->
                assertEquals(true, TemplateJson.properties(k).get("EnableKeyRotation")));
    }

    @Test
    void givesTheTwoOperatorRolesToTheAccountAndNothingToOneAnother() {
        for (var r : List.of(main.operators().loader(), main.operators().keyCustodian())) {
            Set<String> actions = Set.copyOf(TemplateJson.allActions(TemplateJson.statementsOf(app.mainJson(), role(r))));
            if (r == main.operators().loader()) {
                assertTrue(actions.stream().noneMatch(a -> a.startsWith("secretsmanager:")), "the loader reads the key");
            } else {
                assertTrue(actions.stream().noneMatch(a -> a.startsWith("dynamodb:")), "the custodian reads the table");
            }
        }
    }
}
