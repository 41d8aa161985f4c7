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
import java.util.Collection;
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
 * The local store's runs and their search index. Each run lives in a {@link Slot} that its updates replace the run
 * in; per experiment the slots are kept in MLflow's default order and, per metric key, as (latest value, slot)
 * entries in value order. So the common searches cost about the page instead of every run: the default order walks
 * the first, "order by metrics.x" walks the second ({@link MetricOrderedSearch}), and only other orders read the
 * experiment's runs, keeping the best ones in a bounded heap. Sorted sets are concurrent, so searches never wait for
 * writers; writers update a run's entries after its file is written, under the run's lock.
 */
final class LocalRunIndex implements MetricOrderedSearch.Index {

    /** A run's place in the index; start time and id never change, so its position in the default order neither. */
    static final class Slot {
        final String runId;
        final long startTime;
        volatile Run run;

        Slot(Run run) {
            this.runId = run.runId();
            this.startTime = run.info().startTime();
            this.run = run;
        }
    }

    private record MetricEntry(long key, Slot slot) {
    }

    private static final Comparator<Slot> DEFAULT_ORDER = Comparator.comparingLong((Slot s) -> -s.startTime)
            .thenComparing(s -> s.runId);
    private static final Comparator<MetricEntry> BY_VALUE = Comparator.comparingLong(MetricEntry::key)
            .thenComparing(e -> e.slot().runId);

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<String, ExperimentRuns> experiments = new ConcurrentHashMap<>();

    /** The entries of one experiment. */
    private record ExperimentRuns(NavigableSet<Slot> byStart, Map<String, NavigableSet<MetricEntry>> byMetric) {

        ExperimentRuns() {
            this(new ConcurrentSkipListSet<>(DEFAULT_ORDER), new ConcurrentHashMap<>());
        }

        NavigableSet<MetricEntry> metric(String key) {
            return byMetric.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>(BY_VALUE));
        }
    }

    Run get(String runId) {
        Slot slot = slots.get(runId);
        return slot == null ? null : slot.run;
    }

    List<Run> all() {
        return slots.values().stream().map(s -> s.run).toList();
    }

    /**
     * Replaces every entry with these runs: a restore rewrote the files while writes were fenced. Searches running
     * meanwhile may see part of the index, as they would see part of a restore on disk.
     */
    void replaceAll(Collection<Run> runs) {
        slots.clear();
        experiments.clear();
        runs.forEach(this::put);
    }

    /** Stores the run's new version and moves its metric entries; the caller holds the run's lock. */
    void put(Run run) {
        Slot slot = slots.get(run.runId());
        if (slot == null) {
            slot = new Slot(run);
            experiments.computeIfAbsent(run.info().experimentId(), id -> new ExperimentRuns()).byStart().add(slot);
            slots.put(run.runId(), slot);
            index(slot, Map.of(), run);
            return;
        }
        Run before = slot.run;
        slot.run = run;
        index(slot, before.latestMetrics(), run);
    }

    private void index(Slot slot, Map<String, MetricPoint> old, Run run) {
        ExperimentRuns experiment = experiments.get(run.info().experimentId());
        for (MetricPoint point : run.latestMetrics().values()) {
            MetricPoint previous = old.get(point.key());
            long key = MetricSortKey.of(point.value());
            if (previous == null || MetricSortKey.of(previous.value()) != key) {
                NavigableSet<MetricEntry> entries = experiment.metric(point.key());
                entries.add(new MetricEntry(key, slot));
                if (previous != null) {
                    entries.remove(new MetricEntry(MetricSortKey.of(previous.value()), slot));
                }
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
        NavigableSet<MetricEntry> entries = experiment == null ? null : experiment.byMetric().get(key);
        if (entries == null) {
            return Collections.emptyIterator();
        }
        NavigableSet<MetricEntry> range = entries.subSet(new MetricEntry(low, Bound.LOW), true,
                new MetricEntry(high, Bound.HIGH), true);
        Iterator<MetricEntry> it = descending ? range.descendingIterator() : range.iterator();
        return map(it, e -> new Entry(e.key(), e.slot().runId));
    }

    @Override
    public Iterator<Entry> runs(String experimentId, ViewType view) {
        ExperimentRuns experiment = experiments.get(experimentId);
        return experiment == null ? Collections.emptyIterator()
                : map(experiment.byStart().iterator(), s -> new Entry(s.startTime, s.runId));
    }

    @Override
    public Map<String, Run> fetch(List<String> runIds) {
        Map<String, Run> found = new HashMap<>();
        for (String id : runIds) {
            Run run = get(id);
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
        List<Run> matches = new ArrayList<>();
        Iterator<Slot> walk = slotsInDefaultOrder(query.experimentIds());
        while (matches.size() < wanted && walk.hasNext()) {
            Run run = walk.next().run;
            if (matches(query, run)) {
                matches.add(run);
            }
        }
        return matches;
    }

    /** Any other order: every run of the experiments is read, and the best {@code wanted} are kept in a heap. */
    private List<Run> best(RunQuery query, int wanted) {
        Comparator<Run> order = RunOrdering.comparator(query.orderBy());
        PriorityQueue<Run> worstFirst = new PriorityQueue<>(order.reversed());
        Iterator<Slot> walk = slotsInDefaultOrder(query.experimentIds());
        while (walk.hasNext()) {
            Run run = walk.next().run;
            if ((worstFirst.size() < wanted || order.compare(run, worstFirst.peek()) < 0) && matches(query, run)) {
                worstFirst.add(run);
                if (worstFirst.size() > wanted) {
                    worstFirst.poll();
                }
            }
        }
        List<Run> best = new ArrayList<>(worstFirst);
        best.sort(order);
        return best;
    }

    private Iterator<Slot> slotsInDefaultOrder(List<String> experimentIds) {
        List<Iterator<Slot>> streams = new ArrayList<>();
        for (String id : experimentIds.stream().distinct().toList()) {
            ExperimentRuns experiment = experiments.get(id);
            if (experiment != null) {
                streams.add(experiment.byStart().iterator());
            }
        }
        if (streams.size() == 1) {
            return streams.get(0);
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::slot, DEFAULT_ORDER));
        streams.stream().filter(Iterator::hasNext).forEach(s -> heads.add(new Head(s.next(), s)));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Slot next() {
                Head head = heads.remove();
                if (head.rest().hasNext()) {
                    heads.add(new Head(head.rest().next(), head.rest()));
                }
                return head.slot();
            }
        };
    }

    private static boolean matches(RunQuery query, Run run) {
        return query.viewType().includes(run.info().lifecycleStage()) && RunMatcher.matches(query.filter(), run);
    }

    private static <A, B> Iterator<B> map(Iterator<A> it, java.util.function.Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }
        };
    }

    private record Head(Slot slot, Iterator<Slot> rest) {
    }

    /** Range ends for value sub-sets: a slot whose id sorts before, or after, every run id. */
    private static final class Bound {
        static final Slot LOW = new Slot(bound(""));
        static final Slot HIGH = new Slot(bound("\uffff"));

        private static Run bound(String id) {
            return new Run(new dev.mlops.core.domain.RunInfo(id, "", null, null, null, 0, null, null, null),
                    Map.of(), Map.of(), Map.of(), List.of(), List.of());
        }
    }
}
