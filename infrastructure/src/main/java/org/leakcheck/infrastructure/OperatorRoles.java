package org.leakcheck.infrastructure;

import java.util.List;

import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The two operator roles, each with one managed policy (docs/deploy.md, "Who holds what"):
 *
 * <ul>
 *   <li>the <b>loader</b> role writes the table ({@code load}, {@code verify}, {@code delete-dataset}):
 *       {@link #loaderTablePolicy()}, and the table key's use through DynamoDB, which the table key's
 *       policy grants to this role by name;</li>
 *   <li>the <b>key custodian</b> role reads and puts the OPRF key secret: {@link #loaderKeyPolicy()},
 *       and the secret key's use through Secrets Manager, which that key's policy and the secret's
 *       resource policy grant to this role (and the evaluate function's) alone.</li>
 * </ul>
 * Both trust the account: who may assume them is decided by IAM (an {@code sts:AssumeRole} on their
 * ARN), and every session is in CloudTrail under the role's name. Give them to different people: the
 * one who loads the table need not hold the key longer than a load, and the custodian never needs
 * the table.
 */
public final class OperatorRoles extends Construct {
    private final Role loader;
    private final Role keyCustodian;
    private final ManagedPolicy loaderTablePolicy;
    private final ManagedPolicy loaderKeyPolicy;

    public OperatorRoles(Construct scope, String id, DeploymentConfig config, List<PolicyStatement> tableStatements,
                         List<PolicyStatement> keyStatements) {
        super(scope, id);
        this.loader = Role.Builder.create(this, "Loader")
                .roleName(config.stackName() + "-loader")
                .description("leakcheck " + config.stage() + ": runs the loader (load, verify, delete-dataset) on the table")
                .assumedBy(new AccountRootPrincipal())
                .build();
        this.keyCustodian = Role.Builder.create(this, "KeyCustodian")
                .roleName(config.stackName() + "-key-custodian")
                .description("leakcheck " + config.stage() + ": puts and reads the OPRF key secret; nothing else")
                .assumedBy(new AccountRootPrincipal())
                .build();
        this.loaderTablePolicy = ManagedPolicy.Builder.create(this, "LoaderTablePolicy")
                .description("leakcheck " + config.stage() + ": what the loader needs on the table (load, verify, "
                        + "delete-dataset). Held by the loader role.")
                .statements(tableStatements)
                .roles(List.of(loader))
                .build();
        this.loaderKeyPolicy = ManagedPolicy.Builder.create(this, "LoaderKeyPolicy")
                .description("leakcheck " + config.stage() + ": reads and puts the OPRF key secret. Held by the key "
                        + "custodian role.")
                .statements(keyStatements)
                .roles(List.of(keyCustodian))
                .build();
    }

    public Role loader() {
        return loader;
    }

    public Role keyCustodian() {
        return keyCustodian;
    }

    public ManagedPolicy loaderTablePolicy() {
        return loaderTablePolicy;
    }

    public ManagedPolicy loaderKeyPolicy() {
        return loaderKeyPolicy;
    }
}
