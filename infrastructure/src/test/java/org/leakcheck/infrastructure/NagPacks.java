package org.leakcheck.infrastructure;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/** The cdk-nag rule packs the stack is held to: AwsSolutions, and HIPAASecurity because the data is medical. */
final class NagPacks {
    private NagPacks() {
    }

    static void apply(App app) {
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        Aspects.of(app).add(HIPAASecurityChecks.Builder.create().verbose(true).build());
    }
}
