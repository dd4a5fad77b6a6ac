package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import software.constructs.IConstruct;

/** Reads a secret's resource policy from the synthesized main template: its one Deny statement. */
final class SecretPolicies {
    private SecretPolicies() {
    }

    /** A secret's policy as the tests see it: the deny's actions, and the principals it exempts. */
    record Deny(List<String> actions, List<Object> exempt) {
    }

    /**
     * The single statement of the resource policy that {@code owner} (the construct holding the
     * secret) attaches to {@code secret}: checked to be a public-blocking Deny to every principal
     * but those of its {@code ArnNotEquals aws:PrincipalArn} condition.
     */
    @SuppressWarnings("unchecked")
    static Deny denyOf(TestApps.Synthesized app, IConstruct owner, IConstruct secret) {
        Map<String, Object> policy = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(owner.getNode().findChild("ResourcePolicy"))));
        assertEquals(Map.of("Ref", app.id(secret)), policy.get("SecretId"));
        assertEquals(true, policy.get("BlockPublicPolicy"));
        List<Map<String, Object>> statements = TemplateJson.statementList(policy.get("ResourcePolicy"));
        assertEquals(1, statements.size());
        Map<String, Object> deny = statements.get(0);
        assertEquals("Deny", deny.get("Effect"));
        assertEquals("*", String.valueOf(((Map<String, Object>) deny.get("Principal")).get("AWS")));
        List<Object> exempt = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) deny.get("Condition"))
                .get("ArnNotEquals")).get("aws:PrincipalArn");
        return new Deny(TemplateJson.actions(deny), exempt);
    }
}
