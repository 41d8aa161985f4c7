package dev.mlops.core.recovery;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a verify found, in recovery order, and how much it looked at. */
public record VerifyReport(List<Finding> findings, Map<String, Long> checked, long millis) {

    /** Interrupted restores first, then objects, records, the pipeline, references and models last. */
    static final Comparator<Finding> RECOVERY_ORDER = Comparator.comparingInt(VerifyReport::rank)
            .thenComparing(Finding::key);

    public VerifyReport {
        findings = findings.stream().sorted(RECOVERY_ORDER).toList();
        checked = new TreeMap<>(checked);
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    static int rank(Finding finding) {
        return switch (finding) {
            case Finding.RestoreInterrupted f -> 0;
            case Finding.LakeFileMissing f -> 1;
            case Finding.LakeFileCorrupt f -> 1;
            case Finding.RecordUnreadable f -> 2;
            case Finding.RecordMissing f -> 2;
            case Finding.StrayLakeFile f -> 3;
            case Finding.InterruptedFlush f -> 4;
            case Finding.StuckBuffer f -> 5;
            case Finding.ModelArtifactMissing f -> 6;
            case Finding.ModelArtifactCorrupt f -> 6;
            case Finding.DanglingReference f -> 7;
            case Finding.ModelDegraded f -> 8;
            case Finding.RetentionAtRisk f -> 9;
        };
    }
}
