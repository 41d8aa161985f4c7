package dev.mlops.ui.graphql;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The limits MLflow's server puts on a GraphQL document before running it (graphql_no_batching.py): at most 10
 * levels deep, 1000 selections in all, 10 root fields and 10 aliases on any one level, with fragments counted
 * where they are spread. A cheap guard against batching and amplification through one request.
 */
final class QueryLimits {

    static final int MAX_DEPTH = 10;
    static final int MAX_SELECTIONS = 1000;
    static final int MAX_ROOT_FIELDS = 10;
    static final int MAX_ALIASES = 10;

    private QueryLimits() {
    }

    /** The first limit the document breaks, as the error message to answer with; empty when it is within all. */
    static Optional<String> check(Document document) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (Definition<?> d : document.getDefinitions()) {
            if (d instanceof FragmentDefinition f) {
                fragments.put(f.getName(), f);
            }
        }
        int rootFields = 0;
        int selections = 0;
        int maxAliases = 0;
        for (Definition<?> d : document.getDefinitions()) {
            if (!(d instanceof OperationDefinition op) || op.getSelectionSet() == null) {
                continue;
            }
            Deque<Level> stack = new ArrayDeque<>();
            stack.push(new Level(op.getSelectionSet(), 1));
            while (!stack.isEmpty()) {
                Level level = stack.pop();
                if (level.depth() > MAX_DEPTH) {
                    return Optional.of("Query exceeds maximum depth of " + MAX_DEPTH);
                }
                List<Field> fields = new ArrayList<>();
                int aliases = collect(level.selections(), fragments, fields);
                maxAliases = Math.max(maxAliases, aliases);
                for (Field field : fields) {
                    if (level.depth() == 1) {
                        rootFields++;
                    }
                    if (field.getSelectionSet() != null) {
                        stack.push(new Level(field.getSelectionSet(), level.depth() + 1));
                    }
                    if (++selections > MAX_SELECTIONS) {
                        return Optional.of("Query exceeds maximum total selections of " + MAX_SELECTIONS);
                    }
                }
            }
        }
        if (rootFields > MAX_ROOT_FIELDS) {
            return Optional.of(tooMany(MAX_ROOT_FIELDS, "root fields", rootFields));
        }
        if (maxAliases > MAX_ALIASES) {
            return Optional.of(tooMany(MAX_ALIASES, "aliases", maxAliases));
        }
        return Optional.empty();
    }

    /** The fields of one level, inline fragments and spread fragments merged in (each fragment once); returns aliases. */
    private static int collect(SelectionSet set, Map<String, FragmentDefinition> fragments, List<Field> out) {
        int aliases = 0;
        Set<String> spread = new HashSet<>();
        @SuppressWarnings("rawtypes")
        Deque<Selection> pending = new ArrayDeque<>(set.getSelections());
        while (!pending.isEmpty()) {
            Selection<?> selection = pending.poll();
            if (selection instanceof Field field) {
                out.add(field);
                if (field.getAlias() != null) {
                    aliases++;
                }
            } else if (selection instanceof InlineFragment inline && inline.getSelectionSet() != null) {
                pending.addAll(inline.getSelectionSet().getSelections());
            } else if (selection instanceof FragmentSpread fs && spread.add(fs.getName())) {
                FragmentDefinition definition = fragments.get(fs.getName());
                if (definition != null && definition.getSelectionSet() != null) {
                    pending.addAll(definition.getSelectionSet().getSelections());
                }
            }
        }
        return aliases;
    }

    private static String tooMany(int limit, String what, int got) {
        return "GraphQL queries should have at most " + limit + " " + what + ", got " + got + " " + what + ".";
    }

    private record Level(SelectionSet selections, int depth) {
    }
}
