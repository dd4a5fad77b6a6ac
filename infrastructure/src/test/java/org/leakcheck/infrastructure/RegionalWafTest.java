package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The API stage's own web ACL (issue "No bypass"). Default app, offline. */
class RegionalWafTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rules() {
        return (List<Map<String, Object>>) TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(app.stacks().main().regionalWaf().webAcl()))).get("Rules");
    }

    @Test
    void attachesARegionalWebAclToTheApiStage() {
        Map<String, Object> association = TemplateJson.properties(TemplateJson.ofType(app.mainJson(),
                "AWS::WAFv2::WebACLAssociation").values().iterator().next());
        String stageId = TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Stage").keySet().iterator().next();
        assertTrue(TemplateJson.references(association.get("ResourceArn"), stageId));
        assertTrue(TemplateJson.references(association.get("WebACLArn"),
                app.id(app.stacks().main().regionalWaf().webAcl())));
    }

    @Test
    void appliesTheEdgeAclsContentRulesToCallersThatSkipCloudFront() {
        Set<String> names = rules().stream().map(r -> (String) r.get("Name")).collect(Collectors.toSet());
        assertEquals(Set.of(EdgeStack.EVALUATE_BODY_RULE, EdgeStack.BUCKET_PATH_RULE, EdgeStack.COMMON_GROUP,
                EdgeStack.BAD_INPUTS_GROUP), names);
    }

    @Test
    void keepsAddressRulesAtTheEdgeWhereTheAddressIsTheViewers() {
        // Here the peer of public traffic is CloudFront: an address rule would block CloudFront itself.
        for (Map<String, Object> rule : rules()) {
            String statement = String.valueOf(rule.get("Statement"));
            assertFalse(statement.contains("RateBasedStatement"), (String) rule.get("Name"));
            assertFalse(statement.contains(EdgeStack.ANONYMOUS_IP_GROUP) || statement.contains(EdgeStack.IP_REPUTATION_GROUP));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesPathsAsTheStageSeesThemAndInspectsWholeEvaluateBodies() {
        Map<String, Object> bucketRule = rules().stream()
                .filter(r -> EdgeStack.BUCKET_PATH_RULE.equals(r.get("Name"))).findFirst().orElseThrow();
        List<Map<String, Object>> and = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                bucketRule.get("Statement")).get("AndStatement")).get("Statements");
        String regex = (String) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) and.get(1)
                .get("NotStatement")).get("Statement")).get("RegexMatchStatement")).get("RegexString");
        Pattern path = Pattern.compile(regex);
        assertTrue(path.matcher("/prod/v2/buckets/labs-2021/9f0c1e5b7d2a413f9a0c1e5b7d2a4100/7").matches(), regex);
        assertFalse(path.matcher("/prod/v2/buckets/labs-2021/9f0c1e5b7d2a413f9a0c1e5b7d2a4100/07").matches());
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(app.stacks().main().regionalWaf().webAcl())));
        assertEquals("REGIONAL", acl.get("Scope"));
        assertEquals(Map.of("RequestBody", Map.of("API_GATEWAY", Map.of("DefaultSizeInspectionLimit", "KB_16"))),
                acl.get("AssociationConfig"));
    }
}
