package org.leakcheck.function.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;

/**
 * Where the functions get their keys, once, at init. The evaluate function's secret: the Secrets
 * Manager secret in AWS, the key file written by {@code leakcheck loader keygen} locally; both
 * hold the same JSON ({@link KeyMaterial}). The buckets function's public key: the public-key
 * file ({@link PinnedKey}), never the secret. Errors name the source and the rule, never the
 * content.
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

    /** Reads the key file at {@code path}. */
    public static KeyMaterial fromFile(Path path) {
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + path, e);
        }
        try {
            return KeyMaterial.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException("key file " + path + " is invalid: " + e.getMessage());
        }
    }

    /** Parses the public-key file contents {@code json}, read from {@code source} (named in errors). */
    public static PinnedKey publicKey(String json, String source) {
        try {
            return PinnedKey.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException(source + " is not a valid public-key file: " + e.getMessage());
        }
    }

    /** Reads the public-key file at {@code path}. */
    public static PinnedKey publicKeyFromFile(Path path) {
        try {
            return publicKey(Files.readString(path, StandardCharsets.UTF_8), "public-key file " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read public-key file " + path, e);
        }
    }
}
