package org.leakcheck.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks the JSON of a synthesized template: IAM statements of a role, references to a resource. */
final class TemplateJson {
    private TemplateJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        Object props = resource.get("Properties");
        return props == null ? Map.of() : (Map<String, Object>) props;
    }

    /** Resources of one type, by logical id. */
    static Map<String, Map<String, Object>> ofType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        resources(template).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    /**
     * Every IAM statement that applies to a role: its inline policies, every AWS::IAM::Policy and
     * AWS::IAM::ManagedPolicy that names it. (Managed policy ARNs on the role are checked apart.)
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOf(Map<String, Object> template, String roleId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = resources(template).get(roleId);
        for (Object inline : (List<Object>) properties(role).getOrDefault("Policies", List.of())) {
            statements.addAll(statementList(((Map<String, Object>) inline).get("PolicyDocument")));
        }
        resources(template).forEach((id, r) -> {
            Object type = r.get("Type");
            if (("AWS::IAM::Policy".equals(type) || "AWS::IAM::ManagedPolicy".equals(type))
                    && references(properties(r).get("Roles"), roleId)) {
                statements.addAll(statementList(properties(r).get("PolicyDocument")));
            }
        });
        return statements;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementList(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }

    /** A statement's actions, whether CloudFormation has them as a string or a list. */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List ? (List<String>) action : List.of((String) action);
    }

    /** All actions of several statements. */
    static List<String> allActions(List<Map<String, Object>> statements) {
        List<String> all = new ArrayList<>();
        statements.forEach(s -> all.addAll(actions(s)));
        return all;
    }

    /** True when the JSON tree contains a Ref or GetAtt to the logical id. */
    @SuppressWarnings("unchecked")
    static boolean references(Object node, String logicalId) {
        if (node instanceof Map<?, ?> map) {
            if (logicalId.equals(map.get("Ref"))) {
                return true;
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> list && !list.isEmpty() && logicalId.equals(list.get(0))) {
                return true;
            }
            return ((Map<String, Object>) map).values().stream().anyMatch(v -> references(v, logicalId));
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(v -> references(v, logicalId));
        }
        return false;
    }

    /** True when the tree contains a dynamic reference ({{resolve:secretsmanager:...}}) to the secret. */
    @SuppressWarnings("unchecked")
    static boolean resolvesSecret(Object node, String secretId) {
        if (node instanceof Map<?, ?> map) {
            Object join = map.get("Fn::Join");
            if (join instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof List<?> pieces
                    && pieces.stream().anyMatch(p -> p instanceof String str && str.contains("resolve:secretsmanager"))
                    && references(pieces, secretId)) {
                return true;
            }
            return ((Map<String, Object>) map).values().stream().anyMatch(v -> resolvesSecret(v, secretId));
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(v -> resolvesSecret(v, secretId));
        }
        return false;
    }
}
