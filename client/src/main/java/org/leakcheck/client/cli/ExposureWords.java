package org.leakcheck.client.cli;

import java.util.Set;
import java.util.StringJoiner;

import org.leakcheck.protocol.lookup.ExposureKind;

/** Exposure kinds in plain words, for people reading the command's output. */
public final class ExposureWords {

    private ExposureWords() {
    }

    /** One kind in plain English. */
    public static String of(ExposureKind kind) {
        return switch (kind) {
            case IDENTITY -> "identity (names, birth date)";
            case NIR -> "social security number (NIR)";
            case ADDRESS -> "postal address";
            case PHONE -> "phone number";
            case EMAIL -> "e-mail address";
            case INSURER -> "insurer (mutuelle) and member number";
            case BLOOD_GROUP -> "blood group";
            case MEDICAL -> "medical data (analyses, results, treatments, pathologies)";
            case DOCTOR -> "doctor";
            case COMMENTS -> "free-text comments";
        };
    }

    /** Kinds in bit order, comma-separated; "no details" when empty. */
    public static String list(Set<ExposureKind> kinds) {
        if (kinds.isEmpty()) {
            return "no details recorded";
        }
        StringJoiner joined = new StringJoiner(", ");
        for (ExposureKind kind : ExposureKind.values()) {
            if (kinds.contains(kind)) {
                joined.add(of(kind));
            }
        }
        return joined.toString();
    }
}
