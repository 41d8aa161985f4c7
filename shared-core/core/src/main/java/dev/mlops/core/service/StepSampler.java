package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the steps get-history-bulk-interval returns, as MLflow's server does: the distinct steps of all runs in
 * the range, sampled evenly down to {@code maxResults}, plus each run's first and last step so curves keep their ends.
 */
final class StepSampler {

    private StepSampler() {
    }

    static Set<Long> sample(Collection<List<MetricPoint>> series, Long startStep, Long endStep, int maxResults) {
        TreeSet<Long> all = new TreeSet<>();
        Set<Long> ends = new HashSet<>();
        for (List<MetricPoint> points : series) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (MetricPoint p : points) {
                all.add(p.step());
                min = Math.min(min, p.step());
                max = Math.max(max, p.step());
            }
            if (!points.isEmpty()) {
                ends.add(min);
                ends.add(max);
            }
        }
        long start = startStep == null ? 0 : startStep;
        long end = endStep == null ? (all.isEmpty() ? 0 : all.last()) : endStep;
        if (start > end) {
            return Set.of();
        }
        List<Long> inRange = new ArrayList<>(all.subSet(start, true, end, true));
        Set<Long> chosen = new HashSet<>();
        if (inRange.size() <= maxResults) {
            chosen.addAll(inRange);
        } else {
            double interval = (double) inRange.size() / maxResults;
            for (int i = 0; i < maxResults; i++) {
                chosen.add(inRange.get((int) (i * interval)));
            }
            chosen.add(inRange.get(inRange.size() - 1));
        }
        for (long step : ends) {
            if (step >= start && step <= end) {
                chosen.add(step);
            }
        }
        return chosen;
    }
}
