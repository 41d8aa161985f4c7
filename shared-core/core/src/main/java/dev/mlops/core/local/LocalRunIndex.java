package dev.mlops.core.local;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.EntityType;
import dev.mlops.core.search.MetricOrderedSearch;
import dev.mlops.core.search.MetricOrderedSearch.Entry;
import dev.mlops.core.search.MetricSortKey;
import dev.mlops.core.search.OrderBy;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.RunOrdering;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The local store's run search. Runs stay in the store's map; this keeps, per experiment, the run ids in MLflow's
 * default order and, per metric key, (latest value, run) entries in value order, so that the common searches cost
 * about the page instead of every run: the default order walks the first, "order by metrics.x" walks the second
 * ({@link MetricOrderedSearch}), and only other orders read the experiment's runs and keep the best ones. Sorted sets
 * are concurrent, so searches never wait for writers; writers update the entries after the run's file is written,
 * under the run's lock.
 */
final class LocalRunIndex implements MetricOrderedSearch.Index {

    private static final Comparator<Entry> BY_VALUE = Comparator.comparingLong(Entry::key)
            .thenComparing(Entry::runId);
    private static final Comparator<Entry> DEFAULT_ORDER = Comparator.comparing(Entry::key,
            Comparator.reverseOrder()).thenComparing(Entry::runId);

    private final Map<String, Run> runs;
    private final Map<String, ExperimentRuns> experiments = new ConcurrentHashMap<>();

    /** The entries of one experiment. */
    private record ExperimentRuns(NavigableSet<Entry> byStart, Map<String, NavigableSet<Entry>> byMetric) {

        ExperimentRuns() {
            this(new ConcurrentSkipListSet<>(DEFAULT_ORDER), new ConcurrentHashMap<>());
        }

        NavigableSet<Entry> metric(String key) {
            return byMetric.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>(BY_VALUE));
        }
    }

    /** @param runs the store's runs by id; read, never written here */
    LocalRunIndex(Map<String, Run> runs) {
        this.runs = runs;
    }

    /** Moves the run's entries from {@code before} (null for a new run) to {@code after}. */
    void update(Run before, Run after) {
        ExperimentRuns experiment = experiments.computeIfAbsent(after.info().experimentId(),
                id -> new ExperimentRuns());
        String id = after.runId();
        if (before == null || before.info().startTime() != after.info().startTime()) {
            if (before != null) {
                experiment.byStart().remove(new Entry(before.info().startTime(), id));
            }
            experiment.byStart().add(new Entry(after.info().startTime(), id));
        }
        Map<String, MetricPoint> old = before == null ? Map.of() : before.latestMetrics();
        for (MetricPoint point : after.latestMetrics().values()) {
            MetricPoint previous = old.get(point.key());
            long key = MetricSortKey.of(point.value());
            if (previous == null || MetricSortKey.of(previous.value()) != key) {
                NavigableSet<Entry> entries = experiment.metric(point.key());
                if (previous != null) {
                    entries.remove(new Entry(MetricSortKey.of(previous.value()), id));
                }
                entries.add(new Entry(key, id));
            }
        }
    }

    Page<Run> search(RunQuery query) {
        if (MetricOrderedSearch.applies(query)) {
            return MetricOrderedSearch.search(query, this);
        }
        long offset = PageToken.decode(query.pageToken());
        int wanted = (int) Math.min(Integer.MAX_VALUE - 1, offset + query.maxResults() + 1);
        List<Run> best = defaultOrder(query.orderBy()) ? firstInDefaultOrder(query, wanted) : best(query, wanted);
        int from = (int) Math.min(offset, best.size());
        int to = (int) Math.min(offset + query.maxResults(), best.size());
        return new Page<>(best.subList(from, to), best.size() > to ? PageToken.encode(to) : null);
    }

    @Override
    public Iterator<Entry> metric(String experimentId, String key, long low, long high, boolean descending,
                                  ViewType view) {
        ExperimentRuns experiment = experiments.get(experimentId);
        NavigableSet<Entry> entries = experiment == null ? null : experiment.byMetric().get(key);
        if (entries == null) {
            return Collections.emptyIterator();
        }
        NavigableSet<Entry> range = entries.subSet(new Entry(low, ""), true, new Entry(high, "\uffff"), true);
        return descending ? range.descendingIterator() : range.iterator();
    }

    @Override
    public Iterator<Entry> runs(String experimentId, ViewType view) {
        ExperimentRuns experiment = experiments.get(experimentId);
        return experiment == null ? Collections.emptyIterator() : experiment.byStart().iterator();
    }

    @Override
    public Map<String, Run> fetch(List<String> runIds) {
        Map<String, Run> found = new HashMap<>();
        for (String id : runIds) {
            Run run = runs.get(id);
            if (run != null) {
                found.put(id, run);
            }
        }
        return found;
    }

    /** The index order is the requested one: no order_by, or start_time DESC alone. */
    private static boolean defaultOrder(List<OrderBy> orderBy) {
        return orderBy.isEmpty() || (orderBy.size() == 1 && orderBy.get(0).type() == EntityType.ATTRIBUTE
                && orderBy.get(0).key().equals("start_time") && !orderBy.get(0).ascending());
    }

    /** Walks the experiments' runs in the default order (merged) and stops at {@code wanted} matches. */
    private List<Run> firstInDefaultOrder(RunQuery query, int wanted) {
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::entry, DEFAULT_ORDER));
        for (String experimentId : query.experimentIds().stream().distinct().toList()) {
            Iterator<Entry> it = runs(experimentId, query.viewType());
            if (it.hasNext()) {
                heads.add(new Head(it.next(), it));
            }
        }
        List<Run> matches = new ArrayList<>();
        while (matches.size() < wanted && !heads.isEmpty()) {
            Head head = heads.poll();
            if (head.rest().hasNext()) {
                heads.add(new Head(head.rest().next(), head.rest()));
            }
            Run run = runs.get(head.entry().runId());
            if (run != null && matches(query, run)) {
                matches.add(run);
            }
        }
        return matches;
    }

    /** Any other order: every run of the experiments is read, and the best {@code wanted} are kept in a heap. */
    private List<Run> best(RunQuery query, int wanted) {
        Comparator<Run> order = RunOrdering.comparator(query.orderBy());
        PriorityQueue<Run> worstFirst = new PriorityQueue<>(order.reversed());
        for (String experimentId : query.experimentIds().stream().distinct().toList()) {
            Iterator<Entry> it = runs(experimentId, query.viewType());
            while (it.hasNext()) {
                Run run = runs.get(it.next().runId());
                if (run != null && matches(query, run)) {
                    worstFirst.add(run);
                    if (worstFirst.size() > wanted) {
                        worstFirst.poll();
                    }
                }
            }
        }
        List<Run> best = new ArrayList<>(worstFirst);
        best.sort(order);
        return best;
    }

    private static boolean matches(RunQuery query, Run run) {
        return query.viewType().includes(run.info().lifecycleStage()) && RunMatcher.matches(query.filter(), run);
    }

    private record Head(Entry entry, Iterator<Entry> rest) {
    }
}
