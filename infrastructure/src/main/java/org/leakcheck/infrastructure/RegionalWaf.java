package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * A REGIONAL web ACL on the API stage, so that a caller who reaches the {@code execute-api} endpoint
 * without CloudFront (a registered caller, or anyone holding the site key) meets the same content
 * rules as the public: the 16 KiB evaluate body, the bucket-path shape, the AWS managed common and
 * known-bad-inputs rule sets.
 *
 * <p>What it leaves to the edge ACL and to the evaluate function, and why: here the client address
 * WAF sees is the TCP peer, which for all public traffic is one of CloudFront's origin-facing
 * addresses, each shared by thousands of viewers. A per-address rate rule or an address-reputation
 * list here would block CloudFront itself. The per-address limits are therefore the edge ACL's
 * (viewer addresses) and the evaluate function's daily cap; registered callers are bounded per key
 * by their usage plan. A holder of the site key who calls the stage directly is capped by their own
 * TCP address: only CloudFront's requests carry the edge token ({@link EdgeTokenSecret}) that makes
 * the viewer header trusted. See docs/deploy.md, "No bypass".
 */
public final class RegionalWaf extends Construct {
    private final CfnWebACL webAcl;

    public RegionalWaf(Construct scope, String id, DeploymentConfig config, RestApi api) {
        super(scope, id);
        String aclName = config.stackName() + "-api";
        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(aclName)
                .scope("REGIONAL")
                .description("leakcheck " + config.stage() + ": the edge ACL content rules on the API stage, for "
                        + "callers that skip CloudFront")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                // API Gateway bodies are inspected up to 8 KB by default: 16 KB, so that the 16 KiB rule
                // below sees a whole evaluate body and never blocks a valid one as "oversize".
                .associationConfig(CfnWebACL.AssociationConfigProperty.builder()
                        .requestBody(Map.of("API_GATEWAY", CfnWebACL.RequestBodyAssociatedResourceTypeConfigProperty
                                .builder().defaultSizeInspectionLimit("KB_16").build()))
                        .build())
                .customResponseBodies(Map.of(
                        EdgeStack.TOO_LARGE_BODY, EdgeStack.problemBody("payload-too-large", "Payload too large", 413,
                                "the request body is larger than 16 KiB", "body.size"),
                        EdgeStack.BAD_PATH_BODY, EdgeStack.problemBody("invalid-request", "Invalid request", 400,
                                "the path is not /v2/buckets/{dataset}/{load}/{bucket}", "request.path")))
                .visibilityConfig(EdgeStack.visibility(aclName.replace("-", "")))
                .rules(List.of(
                        EdgeStack.evaluateBodyRule(0, "/" + config.stage() + Website.EVALUATE_PATH),
                        EdgeStack.bucketPathRule(1, "/" + config.stage()),
                        EdgeStack.managedRule(EdgeStack.COMMON_GROUP, 2, List.of(EdgeStack.MANAGED_BODY_SIZE_RULE), null),
                        EdgeStack.managedRule(EdgeStack.BAD_INPUTS_GROUP, 3, List.of(), null)))
                .build();
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(api.getDeploymentStage().getStageArn())
                .webAclArn(webAcl.getAttrArn())
                .build();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
