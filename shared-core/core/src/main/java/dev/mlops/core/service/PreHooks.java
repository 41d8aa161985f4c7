package dev.mlops.core.service;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pre-hooks: conditions a registry operation must meet, checked before anything is written (the promotion gates of
 * {@code mlops.registry.gates}, generalised to more operations). Configured as text, rules separated by {@code ;},
 * each {@code <target>: <condition>}:
 * <pre>create_version: metrics.accuracy >= 0.5; Production: metrics.accuracy >= 0.9 and tags.approved = 'true';
 * alias:champion: metrics.accuracy >= 0.95; delete_model: metrics.production_versions = 0;
 * delete_version: tags.`mlops.stage` != 'Production'</pre>
 * Targets: a stage name or {@code stage:<name>} (a transition into that stage), {@code alias:<name>} or
 * {@code alias:*} (setting an alias), {@code create_version}, {@code delete_model}, {@code delete_version}. The
 * condition uses MLflow's run filter grammar, AND-joined. A version is seen as a run whose metrics are its
 * {@code mlops.metric.*} seeds, params its {@code mlops.param.*} seeds and tags all its tags plus
 * {@code mlops.stage} (its current stage); a registered model (delete_model) as a run whose tags are its tags and
 * whose metrics are {@code versions}, {@code production_versions}, {@code staging_versions} and {@code aliases}.
 * Every rule whose target applies must pass.
 */
public final class PreHooks {

    public static final PreHooks NONE = new PreHooks(List.of());

    /** The operations a pre-hook can guard; {@code wire} is how rules and events name them. */
    public enum Operation {
        CREATE_VERSION("create_version"), STAGE("stage"), ALIAS("alias"), DELETE_MODEL("delete_model"),
        DELETE_VERSION("delete_version");

        private final String wire;

        Operation(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** One configured rule; {@code clauses} keeps each AND-joined comparison with its text for messages. */
    public record Rule(Operation operation, String target, String condition, List<Clause> clauses) {
        public Rule {
            clauses = List.copyOf(clauses);
        }
    }

    public record Clause(String text, SearchFilter filter) {
    }

    /** The first failed clause of the first failing rule; {@code target} names what was attempted. */
    public record Rejection(Rule rule, Clause clause, String target) {
        public String reason() {
            String what = switch (rule.operation()) {
                case STAGE, ALIAS -> "Promotion of this version to " + target;
                case CREATE_VERSION -> "Creating a version of this model";
                case DELETE_MODEL -> "Deleting this registered model";
                case DELETE_VERSION -> "Deleting this model version";
            };
            String kind = rule.operation() == Operation.STAGE || rule.operation() == Operation.ALIAS
                    ? "gate" : "pre-hook";
            return what + " was rejected by " + kind + " '" + rule.target() + ": " + rule.condition()
                    + "': the condition '" + clause.text() + "' is not met.";
        }
    }

    private final List<Rule> rules;

    private PreHooks(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Both keys' rules: the legacy promotion gates and the pre-hooks. */
    public static PreHooks parse(String gates, String hooks) {
        List<Rule> all = new ArrayList<>(parse(gates).rules());
        all.addAll(parse(hooks).rules());
        return all.isEmpty() ? NONE : new PreHooks(all);
    }

    /** Parses the configuration; null or blank means no gates. Bad rules fail at start, not at promotion. */
    public static PreHooks parse(String config) {
        if (config == null || config.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (String text : splitOutsideQuotes(config, ';')) {
            if (!text.isBlank()) {
                rules.add(rule(text.strip()));
            }
        }
        return new PreHooks(rules);
    }

    public boolean guards(Operation operation) {
        return rules.stream().anyMatch(r -> r.operation() == operation);
    }

    /** Checks the gates for moving {@code version} into {@code stage}. */
    public Optional<Rejection> checkStage(ModelVersion version, ModelStage stage) {
        return check(asRun(version), stage.wire(), rule -> rule.operation() == Operation.STAGE
                && ModelStage.parse(rule.target().substring(rule.target().indexOf(':') + 1)) == stage);
    }

    /** Checks the gates for pointing {@code alias} at {@code version}. */
    public Optional<Rejection> checkAlias(ModelVersion version, String alias) {
        return check(asRun(version), "alias:" + alias, rule -> rule.operation() == Operation.ALIAS
                && (rule.target().equals("alias:*") || rule.target().equals("alias:" + alias)));
    }

    /** Checks the pre-hooks of version creation against the version about to be stored (with its seeds). */
    public Optional<Rejection> checkCreateVersion(ModelVersion candidate) {
        return check(asRun(candidate), Operation.CREATE_VERSION.wire(),
                rule -> rule.operation() == Operation.CREATE_VERSION);
    }

    public Optional<Rejection> checkDeleteVersion(ModelVersion version) {
        return check(asRun(version), Operation.DELETE_VERSION.wire(),
                rule -> rule.operation() == Operation.DELETE_VERSION);
    }

    public Optional<Rejection> checkDeleteModel(RegisteredModel model, List<ModelVersion> versions) {
        return check(asRun(model, versions), Operation.DELETE_MODEL.wire(),
                rule -> rule.operation() == Operation.DELETE_MODEL);
    }

    private Optional<Rejection> check(Run subject, String target, java.util.function.Predicate<Rule> applies) {
        for (Rule rule : rules) {
            if (!applies.test(rule)) {
                continue;
            }
            for (Clause clause : rule.clauses()) {
                if (!RunMatcher.matches(clause.filter(), subject)) {
                    return Optional.of(new Rejection(rule, clause, target));
                }
            }
        }
        return Optional.empty();
    }

    /** A registered model as the run filter grammar sees it: its tags, and counts as metrics. */
    static Run asRun(RegisteredModel model, List<ModelVersion> versions) {
        Map<String, MetricPoint> metrics = new HashMap<>();
        count(metrics, "versions", versions.size());
        count(metrics, "production_versions", versions.stream().filter(v -> v.stage() == ModelStage.PRODUCTION)
                .count());
        count(metrics, "staging_versions", versions.stream().filter(v -> v.stage() == ModelStage.STAGING).count());
        count(metrics, "aliases", model.aliases().size());
        RunInfo info = new RunInfo("", "", model.name(), null, null, model.creationTimestamp(), null, "",
                LifecycleStage.ACTIVE);
        return new Run(info, Map.of(), model.tags(), metrics, List.of(), List.of());
    }

    private static void count(Map<String, MetricPoint> metrics, String name, long value) {
        metrics.put(name, new MetricPoint(name, value, 0, 0));
    }

    /** The version as the run filter grammar sees it. */
    static Run asRun(ModelVersion version) {
        Map<String, MetricPoint> metrics = new HashMap<>();
        Map<String, String> params = new HashMap<>();
        version.tags().forEach((key, value) -> {
            if (key.startsWith(VersionSeeds.METRIC_PREFIX)) {
                String name = key.substring(VersionSeeds.METRIC_PREFIX.length());
                try {
                    metrics.put(name, new MetricPoint(name, Double.parseDouble(value), 0, 0));
                } catch (NumberFormatException notNumeric) {
                    // A seed we did not write; a gate on it simply does not match.
                }
            } else if (key.startsWith(VersionSeeds.PARAM_PREFIX)) {
                params.put(key.substring(VersionSeeds.PARAM_PREFIX.length()), value);
            }
        });
        Map<String, String> tags = new HashMap<>(version.tags());
        if (version.stage() != null) {
            tags.put("mlops.stage", version.stage().wire());
        }
        RunInfo info = new RunInfo(version.runId() == null ? "" : version.runId(), "", null, version.userId(),
                null, version.creationTimestamp(), null, version.source(), LifecycleStage.ACTIVE);
        return new Run(info, params, tags, metrics, List.of(), List.of());
    }

    private static Rule rule(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Operation operation;
        String target;
        int colon;
        if (lower.startsWith("alias:")) {
            colon = text.indexOf(':', "alias:".length());
            if (colon < 0) {
                throw invalid(text, "expected 'alias:<name>: <condition>'");
            }
            String alias = text.substring("alias:".length(), colon).strip();
            if (!alias.equals("*")) {
                RegistryValidation.alias(alias);
            }
            operation = Operation.ALIAS;
            target = "alias:" + alias;
        } else if (lower.startsWith("stage:")) {
            colon = text.indexOf(':', "stage:".length());
            if (colon < 0) {
                throw invalid(text, "expected 'stage:<stage>: <condition>'");
            }
            operation = Operation.STAGE;
            target = ModelStage.parse(text.substring("stage:".length(), colon).strip()).wire();
        } else {
            colon = text.indexOf(':');
            if (colon < 0) {
                throw invalid(text, "expected '<target>: <condition>'");
            }
            String head = text.substring(0, colon).strip();
            Optional<Operation> named = java.util.Arrays.stream(Operation.values())
                    .filter(o -> o != Operation.STAGE && o != Operation.ALIAS && o.wire().equalsIgnoreCase(head))
                    .findFirst();
            operation = named.orElse(Operation.STAGE);
            target = named.map(Operation::wire).orElseGet(() -> ModelStage.parse(head).wire());
        }
        String condition = text.substring(colon + 1).strip();
        if (condition.isEmpty()) {
            throw invalid(text, "the condition is empty");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String clause : splitOnAnd(condition)) {
            clauses.add(new Clause(clause.strip(), SearchFilterParser.parseRunFilter(clause)));
        }
        return new Rule(operation, target, condition, clauses);
    }

    private static InvalidParameterException invalid(String rule, String why) {
        return new InvalidParameterException("Invalid pre-hook '" + rule + "': " + why + ".");
    }

    /** Splits on the separator where it is not inside '...', "..." or `...`. */
    static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    /** Splits a condition into its AND-joined comparisons (any case), keeping quoted text intact. */
    private static List<String> splitOnAnd(String condition) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int i = 0;
        while (i < condition.length()) {
            char c = condition.charAt(i);
            if (quote == 0 && Character.isWhitespace(c) && isAndAt(condition, i)) {
                parts.add(current.toString());
                current.setLength(0);
                i = skipAnd(condition, i);
                continue;
            }
            if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            }
            current.append(c);
            i++;
        }
        parts.add(current.toString());
        return parts;
    }

    private static boolean isAndAt(String s, int whitespace) {
        int j = whitespace;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j + 3 < s.length() && s.substring(j, j + 3).equalsIgnoreCase("and")
                && Character.isWhitespace(s.charAt(j + 3));
    }

    private static int skipAnd(String s, int whitespace) {
        int j = whitespace;
        while (Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j + 3;
    }
}
