package dev.mlops.core.service;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
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
 * Conditions a model version must meet before it may enter a stage or receive an alias. Configured as text, rules
 * separated by {@code ;}, each {@code <target>: <condition>}:
 * <pre>Production: metrics.accuracy >= 0.9 and tags.approved = 'true'; alias:champion: metrics.accuracy >= 0.95</pre>
 * A target is a stage name, {@code alias:<name>} or {@code alias:*} (every alias). The condition uses MLflow's run
 * filter grammar and is evaluated against the version seen as a run: its metrics are the version's
 * {@code mlops.metric.*} seeds, its params the {@code mlops.param.*} seeds, its tags all the version's tags. Every
 * rule whose target applies must pass.
 */
public final class PromotionGates {

    public static final PromotionGates NONE = new PromotionGates(List.of());

    /** One configured rule; {@code clauses} keeps each AND-joined comparison with its text for messages. */
    public record Rule(String target, String condition, List<Clause> clauses) {
        public Rule {
            clauses = List.copyOf(clauses);
        }
    }

    public record Clause(String text, SearchFilter filter) {
    }

    /** The first failed clause of the first failing rule. */
    public record Rejection(Rule rule, Clause clause, String target) {
        public String reason() {
            return "Promotion of this version to " + target + " was rejected by gate '" + rule.target() + ": "
                    + rule.condition() + "': the condition '" + clause.text() + "' is not met.";
        }
    }

    private final List<Rule> rules;

    private PromotionGates(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Parses the configuration; null or blank means no gates. Bad rules fail at start, not at promotion. */
    public static PromotionGates parse(String config) {
        if (config == null || config.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (String text : splitOutsideQuotes(config, ';')) {
            if (!text.isBlank()) {
                rules.add(rule(text.strip()));
            }
        }
        return new PromotionGates(rules);
    }

    /** Checks the gates for moving {@code version} into {@code stage}. */
    public Optional<Rejection> checkStage(ModelVersion version, ModelStage stage) {
        return check(version, stage.wire(), rule -> !rule.target().startsWith("alias:")
                && ModelStage.parse(rule.target()) == stage);
    }

    /** Checks the gates for pointing {@code alias} at {@code version}. */
    public Optional<Rejection> checkAlias(ModelVersion version, String alias) {
        return check(version, "alias:" + alias, rule -> rule.target().equals("alias:*")
                || rule.target().equals("alias:" + alias));
    }

    private Optional<Rejection> check(ModelVersion version, String target, java.util.function.Predicate<Rule> applies) {
        Run asRun = null;
        for (Rule rule : rules) {
            if (!applies.test(rule)) {
                continue;
            }
            if (asRun == null) {
                asRun = asRun(version);
            }
            for (Clause clause : rule.clauses()) {
                if (!RunMatcher.matches(clause.filter(), asRun)) {
                    return Optional.of(new Rejection(rule, clause, target));
                }
            }
        }
        return Optional.empty();
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
        RunInfo info = new RunInfo(version.runId() == null ? "" : version.runId(), "", null, version.userId(),
                null, version.creationTimestamp(), null, version.source(), LifecycleStage.ACTIVE);
        return new Run(info, params, version.tags(), metrics, List.of(), List.of());
    }

    private static Rule rule(String text) {
        String target;
        String condition;
        if (text.toLowerCase(Locale.ROOT).startsWith("alias:")) {
            int colon = text.indexOf(':', "alias:".length());
            if (colon < 0) {
                throw invalid(text, "expected 'alias:<name>: <condition>'");
            }
            String alias = text.substring("alias:".length(), colon).strip();
            if (!alias.equals("*")) {
                RegistryValidation.alias(alias);
            }
            target = "alias:" + alias;
            condition = text.substring(colon + 1).strip();
        } else {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw invalid(text, "expected '<stage>: <condition>'");
            }
            target = ModelStage.parse(text.substring(0, colon).strip()).wire();
            condition = text.substring(colon + 1).strip();
        }
        if (condition.isEmpty()) {
            throw invalid(text, "the condition is empty");
        }
        List<Clause> clauses = new ArrayList<>();
        for (String clause : splitOnAnd(condition)) {
            clauses.add(new Clause(clause.strip(), SearchFilterParser.parseRunFilter(clause)));
        }
        return new Rule(target, condition, clauses);
    }

    private static InvalidParameterException invalid(String rule, String why) {
        return new InvalidParameterException("Invalid promotion gate '" + rule + "': " + why + ".");
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
