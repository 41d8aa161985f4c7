package dev.mlops.webui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    void contentHashedNamesAreImmutable() {
        for (String path : new String[] {"/static-files/static/js/main.c2f5f8d4.js",
                "/static-files/static/css/1300.13093132.chunk.css",
                "/static-files/TelemetryLogger.telemetry-worker.d0f8ea2c83c08b63528f.worker.js",
                "/static-files/static/media/default-error.f246ddf367c6fbd67942e5a1.svg"}) {
            assertThat(CachePolicy.forPath(path)).as(path).isEqualTo(CachePolicy.HASHED);
        }
    }

    @Test
    void unhashedNamesAreKeptAnHourAndTheIndexIsRevalidated() {
        assertThat(CachePolicy.forPath("/static-files/favicon.ico")).isEqualTo(CachePolicy.UNHASHED);
        assertThat(CachePolicy.forPath("/static-files/manifest.json")).isEqualTo(CachePolicy.UNHASHED);
        assertThat(CachePolicy.forPath("/static-files/static/js/deadbeef.js")).isEqualTo(CachePolicy.HASHED);
        assertThat(CachePolicy.forPath("/static-files/lib/notebook-trace-renderer/index.html"))
                .isEqualTo(CachePolicy.INDEX);
        assertThat(CachePolicy.forPath("/static-files/")).isEqualTo(CachePolicy.INDEX);
    }
}
