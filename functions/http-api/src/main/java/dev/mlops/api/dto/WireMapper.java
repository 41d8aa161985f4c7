package dev.mlops.api.dto;

import dev.mlops.api.dto.TrackingViews.DatasetInputView;
import dev.mlops.api.dto.TrackingViews.DatasetView;
import dev.mlops.api.dto.TrackingViews.ExperimentView;
import dev.mlops.api.dto.TrackingViews.KeyValue;
import dev.mlops.api.dto.TrackingViews.MetricView;
import dev.mlops.api.dto.TrackingViews.ModelInputView;
import dev.mlops.api.dto.TrackingViews.ModelOutputView;
import dev.mlops.api.dto.TrackingViews.RunDataView;
import dev.mlops.api.dto.TrackingViews.RunInfoView;
import dev.mlops.api.dto.TrackingViews.RunInputsView;
import dev.mlops.api.dto.TrackingViews.RunOutputsView;
import dev.mlops.api.dto.TrackingViews.RunView;
import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.service.DatasetSummary;
import dev.mlops.core.service.SeriesPoint;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Domain to wire and back. Lists of key/value pairs come out sorted by key so answers are stable. */
public final class WireMapper {

    private WireMapper() {
    }

    public static ExperimentView experiment(Experiment e) {
        return new ExperimentView(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage().wire(),
                e.lastUpdateTime(), e.creationTime(), keyValues(e.tags()));
    }

    public static RunInfoView runInfo(RunInfo i) {
        return new RunInfoView(i.runId(), i.runId(), i.runName(), i.experimentId(), i.userId(), i.status().name(),
                i.startTime(), i.endTime(), i.artifactUri(), i.lifecycleStage().wire());
    }

    public static RunView run(Run run) {
        List<MetricView> metrics = run.latestMetrics().values().stream()
                .sorted(Comparator.comparing(MetricPoint::key))
                .map(WireMapper::metric)
                .toList();
        RunDataView data = new RunDataView(metrics, keyValues(run.params()), keyValues(run.tags()));
        List<DatasetInputView> datasets = run.datasetInputs().stream().map(WireMapper::datasetInput).toList();
        List<ModelInputView> models = run.modelInputs().stream().map(ModelInputView::new).toList();
        List<ModelOutputView> outputs = run.modelOutputs().stream()
                .map(o -> new ModelOutputView(o.modelId(), o.step())).toList();
        return new RunView(runInfo(run.info()), data, new RunInputsView(datasets, models),
                new RunOutputsView(outputs));
    }

    public static MetricView metric(MetricPoint p) {
        return new MetricView(p.key(), p.value(), p.timestamp(), p.step());
    }

    public static TrackingViews.MetricWithRunId metricWithRunId(SeriesPoint sp) {
        MetricPoint p = sp.point();
        return new TrackingViews.MetricWithRunId(p.key(), p.value(), p.timestamp(), p.step(), sp.runId());
    }

    public static TrackingViews.DatasetSummaries datasetSummaries(List<DatasetSummary> summaries) {
        return new TrackingViews.DatasetSummaries(summaries.stream().map(d -> new TrackingViews.DatasetSummaryView(
                d.experimentId(), d.name(), d.digest(), d.context())).toList());
    }

    public static TrackingViews.FileInfo fileInfo(ArtifactEntry e) {
        return new TrackingViews.FileInfo(e.path(), e.isDir(), e.size());
    }

    public static List<Tag> tags(List<TrackingRequests.KeyValue> pairs) {
        return pairs == null ? List.of() : pairs.stream().map(kv -> new Tag(kv.key(), kv.value())).toList();
    }

    public static List<Param> params(List<TrackingRequests.KeyValue> pairs) {
        return pairs == null ? List.of() : pairs.stream().map(kv -> new Param(kv.key(), kv.value())).toList();
    }

    public static DatasetInput datasetInput(TrackingRequests.DatasetInput in) {
        TrackingRequests.Dataset d = in.dataset();
        DatasetInput.Dataset dataset = d == null ? null
                : new DatasetInput.Dataset(d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
        return new DatasetInput(tags(in.tags()), dataset);
    }

    private static DatasetInputView datasetInput(DatasetInput in) {
        DatasetInput.Dataset d = in.dataset();
        List<KeyValue> tags = in.tags().stream().map(t -> new KeyValue(t.key(), t.value())).toList();
        return new DatasetInputView(tags,
                new DatasetView(d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile()));
    }

    private static List<KeyValue> keyValues(Map<String, String> map) {
        return map.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new KeyValue(e.getKey(), e.getValue()))
                .toList();
    }
}
