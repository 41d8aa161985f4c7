package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteRoutesTest {

    @ParameterizedTest
    @CsvSource({
        "POST, /api/2.0/mlflow/runs/log-batch, true",
        "POST, /api/2.0/mlflow/runs/create, true",
        "POST, /ajax-api/2.0/mlflow/experiments/create, true",
        "DELETE, /api/2.0/mlflow/registered-models/delete, true",
        "PATCH, /api/2.0/mlflow/registered-models/update, true",
        "PUT, /api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model.pkl, true",
        "DELETE, /api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/search, true",
        "POST, /api/2.0/mlflow-artifacts/mpu/complete/1/abc/artifacts/big.bin, true",
        "POST, /api/2.0/mlops/metrics/flush, true",
        "POST, /api/2.0/mlflow/runs/search, false",
        "POST, /api/2.0/mlflow/experiments/search, false",
        "POST, /api/2.0/mlflow/logged-models/search, false",
        "GET, /api/2.0/mlflow/runs/get, false",
        "GET, /api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model.pkl, false",
        "POST, /api/2.0/mlops/snapshots/restore, false",
        "POST, /api/2.0/mlops/recover, false",
        "POST, /health, false",
    })
    void changesState_shouldFenceWritesOnly(String method, String path, boolean fenced) {
        assertThat(WriteRoutes.changesState(method, path)).isEqualTo(fenced);
    }
}
