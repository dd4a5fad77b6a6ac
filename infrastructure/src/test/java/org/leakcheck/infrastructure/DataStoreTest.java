package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/** The bucket table and its key (issue "Data"). Synthesizes the default app, offline. */
class DataStoreTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    @Test
    void keysTheTableByNumericBucketAndStringDataset() {
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(
                        Map.of("AttributeName", "bucket", "KeyType", "HASH"),
                        Map.of("AttributeName", "dataset", "KeyType", "RANGE")),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "bucket", "AttributeType", "N"),
                        Map.of("AttributeName", "dataset", "AttributeType", "S")))));
    }

    @Test
    void deletesItemsPastTheirExpiryWithTheTableTtl() {
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of("TimeToLiveSpecification", Map.of(
                "AttributeName", "expiresAt", "Enabled", true)));
    }

    @Test
    void billsOnDemand() {
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of("BillingMode", "PAY_PER_REQUEST"));
    }

    @Test
    void enablesPointInTimeRecovery() {
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    }

    @Test
    void protectsTheTableFromDeletion() {
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", true));
    }

    @Test
    void encryptsTheTableWithItsOwnRotatedKmsKey() {
        String keyId = app.id(app.stacks().main().data().tableKey());
        app.main().hasResourceProperties("AWS::DynamoDB::Table", Map.of("SSESpecification", Map.of(
                "SSEEnabled", true,
                "SSEType", "KMS",
                "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn")))));
        app.main().hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void retainsTheTableAndItsKeyWhenTheStackGoes() {
        Map<String, Map<String, Object>> resources = TemplateJson.resources(app.mainJson());
        for (String id : List.of(app.id(app.stacks().main().data().table()),
                app.id(app.stacks().main().data().tableKey()))) {
            assertEquals("Retain", resources.get(id).get("DeletionPolicy"), id);
            assertEquals("Retain", resources.get(id).get("UpdateReplacePolicy"), id);
        }
        // The leak's table, and the daily-cap counters (ClientCapStore), which are not retained.
        app.main().resourceCountIs("AWS::DynamoDB::Table", 2);
        assertEquals("Delete", resources.get(app.id(app.stacks().main().caps().table())).get("DeletionPolicy"));
    }

    @Test
    void givesTheTableNoFixedNameSoStagesCanShareAnAccount() {
        Map<String, Object> table = TemplateJson.resources(app.mainJson())
                .get(app.id(app.stacks().main().data().table()));
        assertTrue(!TemplateJson.properties(table).containsKey("TableName"));
    }
}
