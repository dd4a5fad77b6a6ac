package org.leakcheck.function.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;

/**
 * Where the functions get their keys, once, at init. The evaluate function's secret: the Secrets
 * Manager secret in AWS, the key file written by {@code leakcheck loader keygen} locally; both
 * hold the same JSON ({@link KeyMaterial}); files are read by the protocol's {@link KeyFiles}. The
 * buckets function's public key comes from the environment ({@link KeyFiles#parsePublic}), never
 * the secret. Errors name the source and the rule, never the content.
 */
public final class KeySources {

    private KeySources() {
    }

    /** Reads the key from the secret {@code secretArn} with the Lambda role's credentials, then closes the client. */
    public static KeyMaterial fromSecretsManager(Region region, String secretArn) {
        try (SecretsManagerClient client = AwsClients.secretsManager(region, AwsClients.lambdaCredentials())) {
            return fromSecretsManager(client, secretArn);
        }
    }

    /** Reads the key from the secret {@code secretArn} (its current version). */
    public static KeyMaterial fromSecretsManager(SecretsManagerClient client, String secretArn) {
        String json = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        if (json == null) {
            throw new IllegalStateException("key secret " + secretArn + " has no string value");
        }
        try {
            return KeyMaterial.parse(json);
        } catch (RuntimeException e) {
            // KeyMaterial's messages name the rule only; the secret's text is never in them.
            throw new IllegalStateException("key secret " + secretArn + " is invalid: " + e.getMessage());
        }
    }

    /** Reads the key file at {@code path} ({@link KeyFiles#readSecret}), an I/O error unchecked. */
    public static KeyMaterial fromFile(Path path) {
        try {
            return KeyFiles.readSecret(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + path, e);
        }
    }
}
