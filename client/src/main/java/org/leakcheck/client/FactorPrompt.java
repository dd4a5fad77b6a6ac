package org.leakcheck.client;

import java.util.Objects;

/**
 * What a dataset under the {@code membership} or {@code gated} policy calls its factor, and where
 * a person finds it, as {@code /v2/info} announces it (for example "Numéro d'adhérent de votre
 * mutuelle", "on your third-party payment card").
 *
 * @param labelFr the label in French
 * @param labelEn the label in English
 * @param hintFr  where to find it, in French
 * @param hintEn  where to find it, in English
 */
public record FactorPrompt(String labelFr, String labelEn, String hintFr, String hintEn) {

    public FactorPrompt {
        Objects.requireNonNull(labelFr, "labelFr");
        Objects.requireNonNull(labelEn, "labelEn");
        Objects.requireNonNull(hintFr, "hintFr");
        Objects.requireNonNull(hintEn, "hintEn");
    }
}
