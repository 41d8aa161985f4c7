package dev.mlops.core.search;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A run search whose first order_by clause is a metric, answered by walking an index of (latest value, run) entries
 * in value order and stopping once the page is full, instead of reading and sorting every run. Both backends supply
 * the index ({@link Index}); this class holds MLflow's semantics so they cannot drift apart:
 * <ol>
 * <li>real values in the requested direction, then NaN (after the reals in both directions), then runs without the
 * metric, in the default order (start_time DESC, run_id ASC);</li>
 * <li>entries with equal values form a group that is re-sorted with {@link RunOrdering} on the whole runs, so later
 * order_by clauses and the tie-breaks hold exactly, and a page never ends inside an unsorted group;</li>
 * <li>every candidate is fetched whole and checked by {@link RunMatcher}, view type included, so an index only has to
 * return a superset; clauses on the ordered metric narrow the walked range ({@link MetricSortKey#range}).</li>
 * </ol>
 * Cost: the index entries walked plus one whole-run read per candidate, about the page when the filter is on the
 * ordered metric. Page tokens are the core's offset tokens, so page n fetches the n pages before it again.
 */
public final class MetricOrderedSearch {

    private static final int MIN_BATCH = 10;
    /** The group key of runs lacking the metric: a NaN bit pattern that {@link MetricSortKey#of} never yields. */
    private static final long LACKING = Long.MAX_VALUE;

    /** An index entry: a sort key (a {@link MetricSortKey}, or a start time in the default order) and a run. */
    public record Entry(long key, String runId) {
    }

    /** What a backend supplies; the iterators are lazy, so a search that stops early reads only what it used. */
    public interface Index {

        /**
         * The entries of metric {@code key} in one experiment with sort keys in [low, high], by sort key ascending or
         * descending (the order among equal keys is free). May include runs the view excludes; must include every
         * run it includes.
         */
        Iterator<Entry> metric(String experimentId, String key, long low, long high, boolean descending,
                               ViewType view);

        /**
         * Every run of one experiment as (start time, run id), start time descending then run id ascending. May
         * include runs the view excludes; must include every run it includes.
         */
        Iterator<Entry> runs(String experimentId, ViewType view);

        /** Whole runs by id, read so that acknowledged writes are seen; ids naming no run are left out. */
        Map<String, Run> fetch(List<String> runIds);
    }

    private MetricOrderedSearch() {
    }

    /** True when the first order_by clause is a metric: the queries this search answers. */
    public static boolean applies(RunQuery query) {
        return !query.orderBy().isEmpty() && query.orderBy().get(0).type() == EntityType.METRIC;
    }

    public static Page<Run> search(RunQuery query, Index index) {
        if (!applies(query)) {
            throw new IllegalArgumentException("not ordered by a metric first: " + query.orderBy());
        }
        if (query.maxResults() < 1) {
            throw new InvalidParameterException("Invalid value " + query.maxResults()
                    + " for parameter 'max_results': it must be a positive integer");
        }
        return new Walk(query, index).page();
    }

    /** Runs whose entries share a sort key, or the runs lacking the metric. */
    private record Group(long key, List<String> runIds) {
    }

    /** One search's state: the matches so far, in final order. */
    private static final class Walk {

        private final RunQuery query;
        private final Index index;
        private final String key;
        private final boolean ascending;
        private final java.util.Comparator<Run> order;
        private final Set<String> experiments;
        private final long offset;
        private final long wanted;
        private final List<Run> matched = new ArrayList<>();
        /** Runs met in the index, which therefore have the metric: the tail skips them without a read. */
        private final Set<String> indexed = new HashSet<>();

        Walk(RunQuery query, Index index) {
            this.query = query;
            this.index = index;
            OrderBy first = query.orderBy().get(0);
            this.key = first.key();
            this.ascending = first.ascending();
            this.order = RunOrdering.comparator(query.orderBy());
            this.experiments = new HashSet<>(query.experimentIds());
            this.offset = PageToken.decode(query.pageToken());
            this.wanted = offset + query.maxResults() + 1;
        }

        Page<Run> page() {
            MetricSortKey.Range range = MetricSortKey.range(key, query.filter());
            if (range.realsPossible()) {
                groups(merge(e -> index.metric(e, key, range.low(), range.high(), !ascending, query.viewType()),
                        ascending ? java.util.Comparator.comparingLong(Entry::key)
                                : java.util.Comparator.comparingLong(Entry::key).reversed()));
            }
            if (range.nan() && !full()) {
                groups(merge(e -> index.metric(e, key, MetricSortKey.NAN, MetricSortKey.NAN, false,
                        query.viewType()), java.util.Comparator.comparingLong(Entry::key)));
            }
            if (range.missing() && !full()) {
                tail();
            }
            int from = (int) Math.min(offset, matched.size());
            int to = (int) Math.min(offset + query.maxResults(), matched.size());
            String next = matched.size() > offset + query.maxResults() ? PageToken.encode(to) : null;
            return new Page<>(matched.subList(from, to), next);
        }

        private boolean full() {
            return matched.size() >= wanted;
        }

        /** Walks metric entries group by group (equal keys), fetching a batch of whole groups at a time. */
        private void groups(Iterator<Entry> entries) {
            List<Group> batch = new ArrayList<>();
            int batchSize = 0;
            Group group = null;
            while (!full() && entries.hasNext()) {
                Entry entry = entries.next();
                indexed.add(entry.runId());
                if (group != null && entry.key() != group.key()) {
                    batch.add(group);
                    batchSize += group.runIds().size();
                    group = null;
                    if (batchSize >= Math.max(MIN_BATCH, wanted - matched.size())) {
                        resolve(batch);
                        batch = new ArrayList<>();
                        batchSize = 0;
                    }
                }
                if (group == null) {
                    group = new Group(entry.key(), new ArrayList<>());
                }
                group.runIds().add(entry.runId());
            }
            if (group != null) {
                batch.add(group);
            }
            if (!full()) {
                resolve(batch);
            }
        }

        /** Runs without the metric: one group in the default order, which is final when nothing else is ordered. */
        private void tail() {
            boolean presorted = query.orderBy().size() == 1;
            Iterator<Entry> runs = merge(e -> index.runs(e, query.viewType()), java.util.Comparator
                    .comparing(Entry::key, java.util.Comparator.reverseOrder()).thenComparing(Entry::runId));
            Group group = new Group(LACKING, new ArrayList<>());
            while (!full() && runs.hasNext()) {
                String runId = runs.next().runId();
                if (indexed.contains(runId)) {
                    continue;
                }
                group.runIds().add(runId);
                if (presorted && group.runIds().size() >= Math.max(MIN_BATCH, wanted - matched.size())) {
                    resolve(List.of(group));
                    group = new Group(LACKING, new ArrayList<>());
                }
            }
            if (!full()) {
                resolve(List.of(group));
            }
        }

        /** Fetches the groups' runs, keeps the matches and appends each group in final order. */
        private void resolve(List<Group> groups) {
            List<String> ids = groups.stream().flatMap(g -> g.runIds().stream()).toList();
            if (ids.isEmpty()) {
                return;
            }
            Map<String, Run> runs = index.fetch(ids);
            for (Group group : groups) {
                List<Run> kept = new ArrayList<>();
                for (String id : group.runIds()) {
                    Run run = runs.get(id);
                    if (run != null && accepts(run, group.key())) {
                        kept.add(run);
                    }
                }
                kept.sort(order);
                matched.addAll(kept);
            }
        }

        /**
         * The run belongs where the entry put it (an index entry must be the run's current value: a stale one, or a
         * run that moved while the search ran, would otherwise show twice or out of place) and matches the query.
         */
        private boolean accepts(Run run, long entryKey) {
            MetricPoint latest = run.latestMetrics().get(key);
            boolean placed = entryKey == LACKING ? latest == null
                    : latest != null && MetricSortKey.of(latest.value()) == entryKey;
            return placed && experiments.contains(run.info().experimentId())
                    && query.viewType().includes(run.info().lifecycleStage())
                    && RunMatcher.matches(query.filter(), run);
        }

        private Iterator<Entry> merge(java.util.function.Function<String, Iterator<Entry>> source,
                                      java.util.Comparator<Entry> order) {
            List<Iterator<Entry>> streams = query.experimentIds().stream().distinct().map(source).toList();
            return streams.size() == 1 ? streams.get(0) : new Merged(streams, order);
        }
    }

    /** K-way merge of iterators that are each in {@code order}. */
    private static final class Merged implements Iterator<Entry> {

        private record Head(Entry entry, Iterator<Entry> rest) {
        }

        private final PriorityQueue<Head> heads;

        Merged(List<Iterator<Entry>> streams, java.util.Comparator<Entry> order) {
            heads = new PriorityQueue<>(java.util.Comparator.comparing(Head::entry, order));
            for (Iterator<Entry> stream : streams) {
                if (stream.hasNext()) {
                    heads.add(new Head(stream.next(), stream));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Entry next() {
            Head head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (head.rest().hasNext()) {
                heads.add(new Head(head.rest().next(), head.rest()));
            }
            return head.entry();
        }
    }
}
