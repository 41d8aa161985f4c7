package dev.mlops.core.recovery;

import java.util.List;

/**
 * Everything recovery needs from one backend, beside the ordinary stores: the fence, where snapshots go, the parts
 * of its state (in restore order: objects before the records that refer to them), a fresh read-only view, raw access
 * by part and path, and where things live. Local and AWS each provide one.
 */
public interface RecoveryBackend {

    String name();

    WriteFence fence();

    SnapshotStore snapshots();

    /** In restore order. Adding a kind of state is adding a provider here. */
    List<PartProvider> parts();

    StateView view();

    RawState raw();

    Locator locator();

    /** After a restore changed the stored state behind the stores' backs: in-memory indices reload (local). */
    void reload();

    /** Backend conditions that put retained snapshots at risk (AWS: versioning off, lifecycle rules). */
    List<Finding> retentionRisks(long retentionHorizonMillis);

    /**
     * Whether single repairs run behind the write fence and end with {@link #reload()}: locally yes (the stores
     * keep in-memory indices of the files a repair rewrites); on AWS every read goes to the tables anyway.
     */
    default boolean fencesRepairs() {
        return true;
    }

    default PartProvider part(String name) {
        return parts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no part " + name + " on the " + name() + " backend"));
    }
}
