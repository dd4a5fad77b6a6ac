package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions and HIPAASecurity packs (HIPAA, because the data is medical) on the app
 * with every optional parameter set (custom domain, key in place, alarm e-mail): no error and no
 * warning may remain unsuppressed, and every suppression names its rule and gives its reason
 * ({@link ReviewedFindings}). Offline.
 */
class CdkNagTest {
    private final TestApps.Synthesized app = TestApps.nagged();

    private static List<String> findings(Stack stack) {
        List<String> all = new ArrayList<>();
        Annotations annotations = Annotations.fromStack(stack);
        for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp("(AwsSolutions|HIPAA).*"))) {
            all.add("error " + m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp("(AwsSolutions|HIPAA).*"))) {
            all.add("warning " + m.getId() + ": " + m.getEntry().getData());
        }
        return all;
    }

    @Test
    void leavesNoUnsuppressedFindingWithEveryParameterSet() {
        assertEquals(List.of(), findings(app.stacks().main()));
        assertEquals(List.of(), findings(app.stacks().edge()));
    }

    @Test
    void leavesNoUnsuppressedFindingWithTheDefaults() {
        TestApps.Synthesized defaults = TestApps.naggedDefaults();
        assertEquals(List.of(), findings(defaults.stacks().main()));
        assertEquals(List.of(), findings(defaults.stacks().edge()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> suppressions(TestApps.Synthesized synthesized) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> template : List.of(synthesized.mainJson(), synthesized.edgeJson())) {
            for (Map<String, Object> resource : TemplateJson.resources(template).values()) {
                Map<String, Object> metadata = (Map<String, Object>) resource.getOrDefault("Metadata", Map.of());
                Map<String, Object> nag = (Map<String, Object>) metadata.get(ReviewedFindings.METADATA);
                if (nag != null) {
                    all.addAll((List<Map<String, Object>>) nag.get("rules_to_suppress"));
                }
            }
        }
        return all;
    }

    @Test
    void givesEverySuppressionItsRuleAndAOneSentenceReason() {
        List<Map<String, Object>> all = suppressions(app);
        assertFalse(all.isEmpty());
        for (Map<String, Object> rule : all) {
            String reason = (String) rule.get("reason");
            assertTrue(((String) rule.get("id")).matches("(AwsSolutions|HIPAA\\.Security)-[A-Za-z0-9]+"));
            assertTrue(reason.endsWith(".") && !reason.substring(0, reason.length() - 1).matches(".*\\.\\s+[A-Z].*"),
                    "one sentence: " + reason);
        }
    }

    @Test
    void fixesRatherThanSuppressesWhatCanBeFixed() {
        // Each of these was a finding once; the stack now complies instead of explaining.
        Set<String> suppressed = new HashSet<>();
        suppressions(app).forEach(r -> suppressed.add((String) r.get("id")));
        for (String fixed : List.of("AwsSolutions-APIG3", "HIPAA.Security-CloudWatchLogGroupEncrypted",
                "HIPAA.Security-SNSEncryptedKMS", "AwsSolutions-APIG2", "AwsSolutions-IAM5 (own roles)")) {
            assertFalse(suppressed.contains(fixed), fixed + " is suppressed instead of fixed");
        }
        // Inline policies and wildcard actions are only the CDK library's, on its site deployer.
        for (LookupFunction fn : List.of(app.stacks().main().evaluate(), app.stacks().main().buckets())) {
            assertTrue(TemplateJson.ofType(app.mainJson(), "AWS::IAM::Policy").values().stream()
                    .noneMatch(p -> TemplateJson.references(TemplateJson.properties(p).get("Roles"), app.id(fn.role()))));
        }
    }
}
