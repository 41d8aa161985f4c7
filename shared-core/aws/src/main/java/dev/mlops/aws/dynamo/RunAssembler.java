package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds a {@link Run} from items of its partition. Fed every item it gives the whole run; fed the header and some
 * data items (a search's candidate) it gives a partial run that is exact for the keys it was fed.
 */
final class RunAssembler {

    private Map<String, AttributeValue> header;
    private final Map<String, String> params = new HashMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private final Map<String, MetricPoint> metrics = new HashMap<>();
    private final List<Sequenced<DatasetInput>> datasets = new ArrayList<>();
    private final List<Sequenced<String>> models = new ArrayList<>();
    private final List<Sequenced<ModelOutput>> outputs = new ArrayList<>();

    RunAssembler add(Map<String, AttributeValue> item) {
        String sk = item.get(MetaSchema.SK).s();
        if (sk.equals(MetaSchema.HEADER_SK)) {
            header = item;
        } else if (sk.startsWith(MetaSchema.PARAM)) {
            params.put(sk.substring(2), Attrs.string(item, RunItems.VALUE));
        } else if (sk.startsWith(MetaSchema.TAG)) {
            tags.put(sk.substring(2), Attrs.string(item, RunItems.VALUE));
        } else if (sk.startsWith(MetaSchema.METRIC)) {
            String key = sk.substring(2);
            metrics.put(key, MetricOrder.decode(key, Attrs.string(item, RunItems.ORDER)));
        } else if (sk.startsWith(MetaSchema.DATASET)) {
            datasets.add(new Sequenced<>(Attrs.number(item, RunItems.SEQUENCE, 0), sk, RunItems.dataset(item)));
        } else if (sk.startsWith(MetaSchema.MODEL)) {
            models.add(new Sequenced<>(Attrs.number(item, RunItems.SEQUENCE, 0), sk, sk.substring(2)));
        } else if (sk.startsWith(MetaSchema.OUTPUT)) {
            outputs.add(new Sequenced<>(Attrs.number(item, RunItems.SEQUENCE, 0), sk, RunItems.output(item)));
        }
        return this;
    }

    RunAssembler addAll(Iterable<Map<String, AttributeValue>> items) {
        items.forEach(this::add);
        return this;
    }

    boolean hasHeader() {
        return header != null;
    }

    Run build() {
        if (header == null) {
            throw new IllegalStateException("A run needs its header item");
        }
        RunInfo info = RunItems.info(header);
        return new Run(info, params, tags, metrics, inOrder(datasets), inOrder(models), inOrder(outputs));
    }

    private static <T> List<T> inOrder(List<Sequenced<T>> items) {
        return items.stream()
                .sorted(Comparator.<Sequenced<T>>comparingLong(Sequenced::sequence).thenComparing(Sequenced::sk))
                .map(Sequenced::value).toList();
    }

    /** Inputs keep the order they were logged in, by a sequence number set when they were added. */
    private record Sequenced<T>(long sequence, String sk, T value) {
    }
}
