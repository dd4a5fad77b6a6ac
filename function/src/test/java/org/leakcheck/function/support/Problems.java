package org.leakcheck.function.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.leakcheck.function.http.Problem;

/** Every problem the API can answer with: the {@link Problem} constants and one per OPRF element rule. */
public final class Problems {

    /** The rules of org.leakcheck.protocol.oprf's element exceptions, plus the fallback. */
    public static final List<String> ELEMENT_RULES = List.of("element.length", "element.prefix",
            "element.coordinate-range", "element.not-on-curve", "element.identity", "some-future.rule");

    private Problems() {
    }

    public static List<Problem> all() throws IllegalAccessException {
        List<Problem> problems = new ArrayList<>();
        for (Class<?> holder : List.of(Problem.class, Problem.Base64Url.class)) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == Problem.class) {
                    problems.add((Problem) field.get(null));
                }
            }
        }
        ELEMENT_RULES.forEach(rule -> problems.add(Problem.element(rule)));
        return problems;
    }
}
