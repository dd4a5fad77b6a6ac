package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Least privilege of the two function roles and of the loader's managed policy, with one negative
 * test per role: evaluate cannot touch the table, buckets cannot touch the secret. Default app, offline.
 */
class IamPolicyTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    private List<Map<String, Object>> statementsOf(LookupFunction fn) {
        return TemplateJson.statementsOf(app.mainJson(), app.id(fn.role()));
    }

    private String tableId() {
        return app.id(app.stacks().main().data().table());
    }

    private String tableKeyId() {
        return app.id(app.stacks().main().data().tableKey());
    }

    private String secretId() {
        return app.id(app.stacks().main().keySecret().resource());
    }

    @Test
    void letsEvaluateReadTheKeySecretAndNothingElse() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().evaluate());
        Map<String, Object> secretStatement = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue")).findFirst().orElseThrow();
        assertEquals(List.of("secretsmanager:GetSecretValue"), TemplateJson.actions(secretStatement));
        assertEquals(Map.of("Ref", secretId()), secretStatement.get("Resource"));
        assertEquals(Set.of("secretsmanager:GetSecretValue", "logs:CreateLogStream", "logs:PutLogEvents"),
                new TreeSet<>(TemplateJson.allActions(statements)));
    }

    @Test
    void evaluateCannotReadTheTable() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().evaluate());
        for (String action : TemplateJson.allActions(statements)) {
            assertFalse(action.startsWith("dynamodb:"), "evaluate has a DynamoDB action");
            assertFalse(action.equals("*") || action.endsWith(":*"), "evaluate has a wildcard action");
            assertFalse(action.startsWith("kms:"), "evaluate can use the table key");
        }
        for (Map<String, Object> statement : statements) {
            assertFalse(TemplateJson.references(statement, tableId()), "a statement names the table");
            assertFalse(TemplateJson.references(statement, tableKeyId()), "a statement names the table key");
        }
    }

    @Test
    void letsBucketsQueryTheTableAndNothingElse() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().buckets());
        Map<String, Object> tableStatement = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("dynamodb:Query")).findFirst().orElseThrow();
        assertEquals(Set.of("dynamodb:Query", "dynamodb:GetItem"), Set.copyOf(TemplateJson.actions(tableStatement)));
        assertEquals(Map.of("Fn::GetAtt", List.of(tableId(), "Arn")), tableStatement.get("Resource"));
        assertEquals(Set.of("dynamodb:Query", "dynamodb:GetItem", "kms:Decrypt", "logs:CreateLogStream",
                "logs:PutLogEvents"), new TreeSet<>(TemplateJson.allActions(statements)));
    }

    @Test
    void letsBucketsDecryptOnlyThroughDynamoDb() {
        Map<String, Object> kms = statementsOf(app.stacks().main().buckets()).stream()
                .filter(s -> TemplateJson.actions(s).contains("kms:Decrypt")).findFirst().orElseThrow();
        assertEquals(Map.of("Fn::GetAtt", List.of(tableKeyId(), "Arn")), kms.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("kms:ViaService", "dynamodb.eu-west-3.amazonaws.com")),
                kms.get("Condition"));
    }

    @Test
    void bucketsCannotReadTheSecret() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().buckets());
        for (String action : TemplateJson.allActions(statements)) {
            assertFalse(action.startsWith("secretsmanager:"), "buckets has a Secrets Manager action");
            assertFalse(action.equals("*") || action.endsWith(":*"), "buckets has a wildcard action");
            assertFalse(action.startsWith("dynamodb:") && !Set.of("dynamodb:Query", "dynamodb:GetItem").contains(action),
                    "buckets can write to the table");
        }
        for (Map<String, Object> statement : statements) {
            assertFalse(TemplateJson.references(statement, secretId()), "a statement names the secret");
        }
    }

    @Test
    void givesFunctionRolesNoManagedPoliciesAndOnlyTheirOwnLogGroup() {
        for (LookupFunction fn : List.of(app.stacks().main().evaluate(), app.stacks().main().buckets())) {
            Map<String, Object> role = TemplateJson.resources(app.mainJson()).get(app.id(fn.role()));
            assertFalse(TemplateJson.properties(role).containsKey("ManagedPolicyArns"),
                    "AWSLambdaBasicExecutionRole would allow writing to any log group");
            Map<String, Object> logs = statementsOf(fn).stream()
                    .filter(s -> TemplateJson.actions(s).contains("logs:PutLogEvents")).findFirst().orElseThrow();
            assertEquals(Map.of("Fn::GetAtt", List.of(app.id(fn.logGroup()), "Arn")), logs.get("Resource"));
        }
    }

    @Test
    void givesTheLoaderPolicyTableWritesAndTheSecretAndAttachesItToNoOne() {
        Map<String, Object> policy = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(app.stacks().main().loaderPolicy())));
        List<Map<String, Object>> statements = TemplateJson.statementList(policy.get("PolicyDocument"));
        Map<String, Object> table = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("dynamodb:BatchWriteItem")).findFirst().orElseThrow();
        // Scan: verify reads a whole load; a load's last step finds the dataset's other loads (spec §6.4).
        assertEquals(Set.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:GetItem",
                "dynamodb:Scan", "dynamodb:DeleteItem"), Set.copyOf(TemplateJson.actions(table)));
        assertEquals(Map.of("Fn::GetAtt", List.of(tableId(), "Arn")), table.get("Resource"));
        Map<String, Object> secret = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue")).findFirst().orElseThrow();
        assertEquals(Map.of("Ref", secretId()), secret.get("Resource"));
        for (String action : TemplateJson.allActions(statements)) {
            assertFalse(action.equals("*") || action.endsWith(":*"), "wildcard action in the loader policy");
        }
        for (String attachment : List.of("Roles", "Users", "Groups")) {
            assertFalse(policy.containsKey(attachment), "the operator attaches the loader policy, not the stack");
        }
    }
}
