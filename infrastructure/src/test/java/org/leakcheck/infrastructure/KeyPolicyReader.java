package org.leakcheck.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.kms.IKey;

/**
 * Reads a KMS key policy of a synthesized template and answers the one question the custody tests
 * ask: may this principal use the key for this action? Only what the stack's policies use is
 * modelled: Allow statements (the stack writes no Deny into key policies), principals as a role's
 * GetAtt Arn, the account root, or a service; conditions are not evaluated (they only narrow an Allow).
 */
final class KeyPolicyReader {
    private KeyPolicyReader() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document(TestApps.Synthesized app, IKey key) {
        return (Map<String, Object>) TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(key))).get("KeyPolicy");
    }

    /** The Allow statements of the key's policy. */
    static List<Map<String, Object>> allows(TestApps.Synthesized app, IKey key) {
        List<Map<String, Object>> allows = new ArrayList<>();
        for (Map<String, Object> statement : TemplateJson.statementList(document(app, key))) {
            if ("Allow".equals(statement.get("Effect"))) {
                allows.add(statement);
            }
        }
        return allows;
    }

    /** True when a statement of the key's policy allows {@code action} to the role of logical id {@code roleId}. */
    static boolean allowsRole(TestApps.Synthesized app, IKey key, String roleId, String action) {
        return allows(app, key).stream().anyMatch(s -> TemplateJson.actions(s).contains(action)
                && TemplateJson.references(s.get("Principal"), roleId));
    }

    /** True when a statement allows {@code action} to the account root (that is, to whoever IAM lets). */
    static boolean allowsAccount(TestApps.Synthesized app, IKey key, String action) {
        return allows(app, key).stream().anyMatch(s -> TemplateJson.actions(s).contains(action)
                && String.valueOf(s.get("Principal")).contains(":root"));
    }

    /** Every principal (as its JSON) allowed {@code action}. */
    static List<Object> principalsAllowed(TestApps.Synthesized app, IKey key, String action) {
        return allows(app, key).stream().filter(s -> TemplateJson.actions(s).contains(action))
                .map(s -> s.get("Principal")).toList();
    }
}
