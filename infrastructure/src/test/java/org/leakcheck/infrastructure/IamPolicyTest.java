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
    void letsEvaluateReadTheKeySiteKeyAndEdgeTokenSecretsAndCountInTheCapTableAndNothingElse() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().evaluate());
        List<Map<String, Object>> secretStatements = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue")).toList();
        assertEquals(3, secretStatements.size());
        secretStatements.forEach(s -> assertEquals(List.of("secretsmanager:GetSecretValue"), TemplateJson.actions(s)));
        assertEquals(Map.of("Ref", secretId()), secretStatements.get(0).get("Resource"));
        String siteKeyId = app.id(app.stacks().main().api().siteKeySecret());
        assertEquals(Map.of("Ref", siteKeyId), secretStatements.get(1).get("Resource"));
        String edgeTokenId = app.id(app.stacks().main().edgeToken().secret());
        assertEquals(Map.of("Ref", edgeTokenId), secretStatements.get(2).get("Resource"));
        Map<String, Object> cap = statements.stream()
                .filter(s -> TemplateJson.actions(s).contains("dynamodb:UpdateItem")).findFirst().orElseThrow();
        assertEquals(List.of("dynamodb:UpdateItem"), TemplateJson.actions(cap));
        assertEquals(Map.of("Fn::GetAtt", List.of(app.id(app.stacks().main().caps().table()), "Arn")), cap.get("Resource"));
        assertEquals(Set.of("secretsmanager:GetSecretValue", "dynamodb:UpdateItem", "logs:CreateLogStream",
                "logs:PutLogEvents"), new TreeSet<>(TemplateJson.allActions(statements)));
    }

    @Test
    void evaluateCannotReadTheTable() {
        List<Map<String, Object>> statements = statementsOf(app.stacks().main().evaluate());
        for (String action : TemplateJson.allActions(statements)) {
            assertTrue(!action.startsWith("dynamodb:") || action.equals("dynamodb:UpdateItem"),
                    "evaluate has a DynamoDB action other than counting: " + action);
            assertFalse(action.equals("*") || action.endsWith(":*"), "evaluate has a wildcard action");
            assertFalse(action.startsWith("kms:"), "evaluate can use the table key");
        }
        for (Map<String, Object> statement : statements) {
            assertFalse(TemplateJson.references(statement, tableId()), "a statement names the table");
            assertFalse(TemplateJson.references(statement, tableKeyId()), "a statement names the table key");
        }
        assertFalse(TemplateJson.references(KeyPolicyReader.document(app, app.stacks().main().data().tableKey()),
                app.id(app.stacks().main().evaluate().role())), "the table key's policy names evaluate");
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
            assertFalse(action.startsWith("kms:") && !action.equals("kms:Decrypt"), "buckets can encrypt: " + action);
            assertFalse(action.equals("*") || action.endsWith(":*"), "buckets has a wildcard action");
            assertFalse(action.startsWith("dynamodb:") && !Set.of("dynamodb:Query", "dynamodb:GetItem").contains(action),
                    "buckets can write to the table");
        }
        for (Map<String, Object> statement : statements) {
            assertFalse(TemplateJson.references(statement, secretId()), "a statement names the secret");
            assertFalse(TemplateJson.references(statement, app.id(app.stacks().main().caps().table())),
                    "buckets can touch the cap table");
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
    void splitsTheLoadersPolicyIntoTableWritesForTheLoaderAndTheKeyForTheCustodian() {
        OperatorRoles operators = app.stacks().main().operators();
        Map<String, Object> tablePolicy = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(operators.loaderTablePolicy())));
        List<Map<String, Object>> tableStatements = TemplateJson.statementList(tablePolicy.get("PolicyDocument"));
        Map<String, Object> table = tableStatements.stream()
                .filter(s -> TemplateJson.actions(s).contains("dynamodb:BatchWriteItem")).findFirst().orElseThrow();
        // Scan: verify reads a whole load; a load's last step finds the dataset's other loads (spec §6.4).
        assertEquals(Set.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:GetItem",
                "dynamodb:Scan", "dynamodb:DeleteItem"), Set.copyOf(TemplateJson.actions(table)));
        assertEquals(Map.of("Fn::GetAtt", List.of(tableId(), "Arn")), table.get("Resource"));
        assertFalse(TemplateJson.allActions(tableStatements).stream().anyMatch(a -> a.startsWith("secretsmanager:")),
                "the table writer does not hold the key");
        assertEquals(List.of(Map.of("Ref", app.id(operators.loader()))), tablePolicy.get("Roles"));

        Map<String, Object> keyPolicy = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(operators.loaderKeyPolicy())));
        List<Map<String, Object>> keyStatements = TemplateJson.statementList(keyPolicy.get("PolicyDocument"));
        Map<String, Object> secret = keyStatements.stream()
                .filter(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue")).findFirst().orElseThrow();
        assertEquals(Map.of("Ref", secretId()), secret.get("Resource"));
        assertFalse(TemplateJson.allActions(keyStatements).stream().anyMatch(a -> a.startsWith("dynamodb:")),
                "the key custodian does not touch the table");
        assertEquals(List.of(Map.of("Ref", app.id(operators.keyCustodian()))), keyPolicy.get("Roles"));
        for (String action : TemplateJson.allActions(tableStatements)) {
            assertFalse(action.contains("*"), "wildcard action in the loader's table policy: " + action);
        }
        for (String action : TemplateJson.allActions(keyStatements)) {
            assertFalse(action.contains("*"), "wildcard action in the loader's key policy: " + action);
        }
        for (String attachment : List.of("Users", "Groups")) {
            assertFalse(tablePolicy.containsKey(attachment) || keyPolicy.containsKey(attachment));
        }
    }
}
