package dev.mlops.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Read access to a synthesized template's JSON (the map {@code Template.toJSON()} returns). */
final class TemplateJson {

    private final Map<String, Object> template;

    TemplateJson(Map<String, Object> template) {
        this.template = template;
    }

    Map<String, Object> json() {
        return template;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.get("Resources");
    }

    /** Logical id to resource, for every resource of the type. */
    Map<String, Map<String, Object>> ofType(String type) {
        return resources().entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId);
        }
        return resource;
    }

    String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    Map<String, Object> properties(String logicalId) {
        return properties(resource(logicalId));
    }

    /** The logical id of the only resource of the type whose property has the value. */
    String idWhere(String type, String property, Object value) {
        List<String> ids = ofType(type).entrySet().stream()
                .filter(e -> value.equals(properties(e.getValue()).get(property))).map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " with " + property + " = " + value + ", found " + ids);
        }
        return ids.getFirst();
    }

    /** The logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} names, else null. */
    static String referenced(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Ref") instanceof String ref) {
                return ref;
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
                return (String) getAtt.getFirst();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }
}
