package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which stores stand behind the API; read once at start. */
@ConfigMapping(prefix = "mlops")
public interface BackendConfig {

    /** {@code local} (files under {@link #dataDir()}); more backends arrive with their issues. */
    @WithDefault("local")
    String backend();

    /** Where the local backend keeps everything. */
    @WithDefault("mlops-data")
    String dataDir();

    /** Bytes of free disk the local backend keeps back; writes that would eat into it are refused. */
    @WithDefault("67108864")
    long diskReserveBytes();
}
