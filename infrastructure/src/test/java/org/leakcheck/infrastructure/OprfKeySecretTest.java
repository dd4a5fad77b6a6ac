package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The OPRF key secret (issue "Key"). Synthesizes the default app, offline. */
class OprfKeySecretTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    private Map<String, Object> secret() {
        return TemplateJson.resources(app.mainJson()).get(app.id(app.stacks().main().keySecret().resource()));
    }

    @Test
    void createsTheKeySecretEmptySoNoKeyMaterialPassesThroughTheStack() {
        Map<String, Object> properties = TemplateJson.properties(secret());
        assertFalse(properties.containsKey("SecretString"), "the template must not hold a key");
        assertFalse(properties.containsKey("GenerateSecretString"), "the stack must not generate a key");
        assertEquals("AWS::SecretsManager::Secret", secret().get("Type"));
    }

    @Test
    void retainsTheKeySecretWhenTheStackGoes() {
        assertEquals("Retain", secret().get("DeletionPolicy"));
        assertEquals("Retain", secret().get("UpdateReplacePolicy"));
    }

    @Test
    void neverResolvesTheKeySecretIntoAProperty() {
        // Only the ARN may leave the secret; the evaluate function reads the value at run time.
        String secretId = app.id(app.stacks().main().keySecret().resource());
        assertFalse(TemplateJson.resolvesSecret(app.mainJson(), secretId));
        // The same walk does find the site API key, which is meant to be resolved: the check works.
        String siteKeyId = app.id(app.stacks().main().api().getNode().findChild("SiteKey"));
        assertTrue(TemplateJson.resolvesSecret(app.mainJson(), siteKeyId));
    }
}
