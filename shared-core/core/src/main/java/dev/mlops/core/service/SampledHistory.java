package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.MetricCursor;
import dev.mlops.core.port.MetricStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * get-history-bulk-interval as MLflow's server computes it: take the distinct steps of all runs in [start, end]
 * (start defaults to 0, end to the highest step), keep every {@code n/maxResults}-th one plus the last, add each
 * run's own first and last step, and return every point at a chosen step. Works in passes over streamed series
 * rather than by collecting them, so memory holds only the chosen steps, however long the histories are.
 */
final class SampledHistory {

    private final MetricStore metrics;
    private final List<String> runIds;
    private final String key;

    SampledHistory(MetricStore metrics, List<String> runIds, String key) {
        this.metrics = metrics;
        this.runIds = runIds;
        this.key = key;
    }

    List<SeriesPoint> sample(Long startStep, Long endStep, int maxResults) {
        // pass 1: each run's first and last step, and the highest step overall
        Set<Long> ends = new HashSet<>();
        long highest = Long.MIN_VALUE;
        for (String runId : runIds) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            try (MetricCursor cursor = metrics.series(runId, key, Long.MIN_VALUE, Long.MAX_VALUE, null)) {
                while (cursor.hasNext()) {
                    long step = cursor.next().step();
                    first = Math.min(first, step);
                    last = Math.max(last, step);
                }
            }
            if (first <= last) {
                ends.add(first);
                ends.add(last);
                highest = Math.max(highest, last);
            }
        }
        long start = startStep == null ? 0 : startStep;
        long end = endStep != null ? endStep : highest == Long.MIN_VALUE ? 0 : highest;
        if (start > end) {
            return List.of();
        }
        // pass 2: how many distinct steps the range holds; pass 3: which of them to keep
        long distinct = 0;
        try (StepStream steps = new StepStream(start, end)) {
            while (steps.next() != null) {
                distinct++;
            }
        }
        Set<Long> chosen = new HashSet<>();
        try (StepStream steps = new StepStream(start, end)) {
            if (distinct <= maxResults) {
                for (Long step = steps.next(); step != null; step = steps.next()) {
                    chosen.add(step);
                }
            } else {
                double interval = (double) distinct / maxResults;
                long index = 0;
                int taken = 0;
                for (Long step = steps.next(); step != null; step = steps.next(), index++) {
                    if ((taken < maxResults && index == (long) (taken * interval)) || index == distinct - 1) {
                        chosen.add(step);
                        taken += index == (long) (taken * interval) ? 1 : 0;
                    }
                }
            }
        }
        for (long step : ends) {
            if (step >= start && step <= end) {
                chosen.add(step);
            }
        }
        // pass 4: the points at the chosen steps, run by run
        List<SeriesPoint> result = new ArrayList<>();
        for (String runId : runIds) {
            try (MetricCursor cursor = metrics.series(runId, key, start, end, null)) {
                while (cursor.hasNext()) {
                    MetricPoint p = cursor.next();
                    if (chosen.contains(p.step())) {
                        result.add(new SeriesPoint(runId, p));
                    }
                }
            }
        }
        return result;
    }

    /** The distinct steps of all runs within [start, end], ascending, merged from one cursor per run. */
    private final class StepStream implements AutoCloseable {
        private record Head(long step, MetricCursor cursor) {
        }

        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compare(a.step, b.step));
        private final List<MetricCursor> cursors = new ArrayList<>();
        private Long previous;

        StepStream(long start, long end) {
            for (String runId : runIds) {
                MetricCursor cursor = metrics.series(runId, key, start, end, null);
                cursors.add(cursor);
                advance(cursor);
            }
        }

        Long next() {
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                advance(head.cursor);
                if (previous == null || head.step != previous) {
                    previous = head.step;
                    return previous;
                }
            }
            return null;
        }

        private void advance(MetricCursor cursor) {
            if (cursor.hasNext()) {
                heads.add(new Head(cursor.next().step(), cursor));
            }
        }

        @Override
        public void close() {
            cursors.forEach(MetricCursor::close);
        }
    }
}
