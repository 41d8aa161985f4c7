package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.core.port.HealthStatusStore.Recorded;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the health monitor relies on from every {@link HealthStatusStore}: a durable record, replaced by compare-and-set. */
public abstract class HealthStatusStoreContract {

    protected abstract HealthStatusStore store();

    /** The same records, as a fresh process would open them. */
    protected abstract HealthStatusStore reopened();

    @Test
    void replace_shouldStoreTheFirstStatus_andKeepItForTheNextProcess() {
        assertThat(store().last()).isEmpty();

        assertThat(store().replace(Optional.empty(), new Recorded("UP", 1_000))).isTrue();

        assertThat(reopened().last()).contains(new Recorded("UP", 1_000));
    }

    @Test
    void replace_shouldRefuse_whenAnotherMonitorChangedTheStatusFirst() {
        store().replace(Optional.empty(), new Recorded("UP", 1_000));
        Optional<Recorded> seen = store().last();

        boolean first = store().replace(seen, new Recorded("DOWN", 2_000));
        boolean second = reopened().replace(seen, new Recorded("DOWN", 2_001));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store().replace(Optional.empty(), new Recorded("UP", 3_000))).isFalse();
        assertThat(store().last()).contains(new Recorded("DOWN", 2_000));
    }
}
