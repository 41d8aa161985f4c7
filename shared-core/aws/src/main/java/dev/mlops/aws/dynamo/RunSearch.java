package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.RunOrdering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * searchRuns without scans. Candidate headers stream from an index ({@link SearchPlan}), in batches: attribute
 * clauses are checked on the header, then one BatchGetItem per 100 keys fetches the data items the filter and order
 * name, and RunMatcher decides on that partial run (exact, since it holds every key the clauses read).
 * <ul>
 * <li>In index order (no order_by, or start_time DESC) the search stops as soon as the page and one more match are
 * found; it holds one page of run ids.</li>
 * <li>Any other order needs every match: the partial runs (header plus the named keys) of all matching runs are kept
 * and sorted with RunOrdering. Memory is bounded by the matching set, not by the experiment.</li>
 * </ul>
 * Page tokens are MLflow's offset tokens (the service validates them as such), so page N re-reads the candidates
 * before it; only the page's own runs are read in full.
 */
final class RunSearch {

    private static final int MIN_BATCH = 10;
    private static final int MAX_BATCH = RunReader.BATCH_GET_LIMIT;
    private static final int MIN_QUERY = 25;
    private static final int MAX_QUERY = 1000;

    private final HeaderStreams streams;
    private final RunReader reader;

    RunSearch(HeaderStreams streams, RunReader reader) {
        this.streams = streams;
        this.reader = reader;
    }

    Page<Run> search(RunQuery query) {
        if (query.maxResults() < 1) {
            throw new InvalidParameterException("Invalid value " + query.maxResults()
                    + " for parameter 'max_results': it must be a positive integer");
        }
        SearchPlan plan = SearchPlan.of(query);
        long offset = PageToken.decode(query.pageToken());
        long wanted = plan.indexOrdered() ? offset + query.maxResults() + 1 : Long.MAX_VALUE;
        Iterator<Map<String, AttributeValue>> headers = headers(query, plan, Math.clamp(wanted, MIN_QUERY, MAX_QUERY));
        return plan.indexOrdered() ? inIndexOrder(query, plan, headers, offset) : sorted(query, plan, headers);
    }

    private Page<Run> inIndexOrder(RunQuery query, SearchPlan plan, Iterator<Map<String, AttributeValue>> headers,
                                   long offset) {
        long skipped = 0;
        List<String> page = new ArrayList<>();
        boolean more = false;
        // Header-only plans take exactly the headers still needed, so the one-match lookahead that decides whether a
        // next page exists does not pull another index page; plans that fetch data batch at least MIN_BATCH runs.
        int minBatch = plan.dataKeys().isEmpty() && !plan.needsInputs() ? 1 : MIN_BATCH;
        while (!more && headers.hasNext()) {
            long missing = offset - skipped + query.maxResults() + 1 - page.size();
            for (Run match : matches(query, plan, take(headers, Math.clamp(missing, minBatch, MAX_BATCH)))) {
                if (skipped < offset) {
                    skipped++;
                } else if (page.size() < query.maxResults()) {
                    page.add(match.runId());
                } else {
                    more = true;
                    break;
                }
            }
        }
        return new Page<>(reader.getAll(page), more ? PageToken.encode(offset + query.maxResults()) : null);
    }

    private Page<Run> sorted(RunQuery query, SearchPlan plan, Iterator<Map<String, AttributeValue>> headers) {
        List<Run> matching = new ArrayList<>();
        while (headers.hasNext()) {
            matching.addAll(matches(query, plan, take(headers, MAX_BATCH)));
        }
        matching.sort(RunOrdering.comparator(query.orderBy()));
        Page<Run> partial = PageToken.page(matching, query.maxResults(), query.pageToken());
        return new Page<>(reader.getAll(partial.items().stream().map(Run::runId).toList()),
                partial.nextPageToken());
    }

    private Iterator<Map<String, AttributeValue>> headers(RunQuery query, SearchPlan plan, int pageSize) {
        List<LifecycleStage> stages = Arrays.stream(LifecycleStage.values())
                .filter(stage -> query.viewType().includes(stage)).toList();
        List<String> experiments = query.experimentIds().stream().distinct().toList();
        return switch (plan.source()) {
            case SearchPlan.Source.ByExperiment e -> streams.byExperiments(experiments, stages, pageSize);
            case SearchPlan.Source.ByStatus s -> streams.byStatus(experiments, stages, s.statuses(), pageSize);
            case SearchPlan.Source.ByParent p -> streams.byParent(p.parentRunId(), pageSize);
            case SearchPlan.Source.ByRunIds r -> HeaderStreams.sorted(reader.batchGet(r.runIds().stream()
                    .distinct().map(RunItems::headerKey).toList(), false));
        };
    }

    /** The matching runs of one batch of headers, in the batch's order, each holding only what the plan named. */
    private List<Run> matches(RunQuery query, SearchPlan plan, List<Map<String, AttributeValue>> batch) {
        Set<String> experiments = new HashSet<>(query.experimentIds());
        Map<String, RunAssembler> candidates = new LinkedHashMap<>();
        for (Map<String, AttributeValue> header : batch) {
            RunAssembler run = new RunAssembler().add(header);
            Run headerOnly = run.build();
            if (experiments.contains(headerOnly.info().experimentId())
                    && query.viewType().includes(headerOnly.info().lifecycleStage())
                    && RunMatcher.matches(plan.headerFilter(), headerOnly)) {
                candidates.put(headerOnly.runId(), run);
            }
        }
        fetchData(plan, candidates);
        List<Run> matching = new ArrayList<>();
        for (RunAssembler candidate : candidates.values()) {
            Run run = candidate.build();
            if (RunMatcher.matches(query.filter(), run)) {
                matching.add(run);
            }
        }
        return matching;
    }

    private void fetchData(SearchPlan plan, Map<String, RunAssembler> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        if (!plan.dataKeys().isEmpty()) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String runId : candidates.keySet()) {
                for (String sk : plan.dataKeys()) {
                    keys.add(Attrs.key(MetaSchema.runPk(runId), sk));
                }
            }
            for (Map<String, AttributeValue> item : reader.batchGet(keys, false)) {
                candidates.get(MetaSchema.runId(item.get(MetaSchema.PK).s())).add(item);
            }
        }
        if (plan.needsInputs()) {
            List<String> runIds = List.copyOf(candidates.keySet());
            List<List<Map<String, AttributeValue>>> inputs = Parallel.map(runIds, Parallel.DEFAULT_WIDTH, runId -> {
                List<Map<String, AttributeValue>> items = new ArrayList<>();
                reader.forEachItem(runId, MetaSchema.DATASET, false, items::add);
                return items;
            });
            for (int i = 0; i < runIds.size(); i++) {
                candidates.get(runIds.get(i)).addAll(inputs.get(i));
            }
        }
    }

    private static List<Map<String, AttributeValue>> take(Iterator<Map<String, AttributeValue>> headers, int n) {
        List<Map<String, AttributeValue>> batch = new ArrayList<>(n);
        while (batch.size() < n && headers.hasNext()) {
            batch.add(headers.next());
        }
        return batch;
    }
}
