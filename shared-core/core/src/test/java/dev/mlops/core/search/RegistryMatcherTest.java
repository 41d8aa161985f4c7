package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryMatcherTest {

    private static final RegisteredModel MODEL = new RegisteredModel("fraud-Detector", 1, 2, "d",
            Map.of("team", "risk", "tier", "gold"), Map.of());
    private static final ModelVersion VERSION = new ModelVersion("fraud-Detector", 7, 10, 20, "ann",
            ModelStage.PRODUCTION, "", "s3://bucket/models/fraud/7", "run123", null, VersionStatus.READY, null,
            Map.of("mlops.framework", "sklearn", "100%", "literal"), null);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name = 'fraud-Detector'|true",
            "name != 'fraud-Detector'|false",
            "name LIKE 'fraud-%'|true",
            "name LIKE 'fraud-d%'|false",
            "name ILIKE 'FRAUD-d%'|true",
            "name IN ('a', 'fraud-Detector')|true",
            "name NOT IN ('a', 'fraud-Detector')|false",
            "tags.team = 'risk' AND tags.tier LIKE 'g_ld'|true",
            "tags.team = 'risk' AND tags.tier = 'silver'|false",
            "tags.missing != 'x'|false",
            "tags.`mlflow.prompt.is_prompt` != 'true'|true",
            "tags.`mlflow.prompt.is_prompt` = 'false'|true",
            "tags.`mlflow.prompt.is_prompt` = 'true'|false",
    })
    void matchesModel_shouldFollowMlflow_whenFilterGiven(String filter, boolean expected) {
        // Arrange
        SearchFilter parsed = SearchFilterParser.parseModelFilter(filter);

        // Act
        boolean match = RegistryMatcher.matches(parsed, MODEL);

        // Assert
        assertThat(match).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version_number = 7|true",
            "version_number > 7|false",
            "version_number <= 7 AND version_number >= 7|true",
            "run_id = 'run123'|true",
            "run_id IN ('x', 'run123')|true",
            "run_id NOT IN ('run123')|false",
            "source_path LIKE 's3://bucket/%'|true",
            "source_path = 's3://bucket/models/fraud/8'|false",
            "name = 'fraud-Detector' AND tags.`mlops.framework` = 'sklearn'|true",
            "tags.`mlops.framework` ILIKE 'SK%'|true",
            "tags.`100%` = 'literal'|true",
            "tags.`mlops.framework` = 'torch'|false",
            "tags.absent LIKE '%'|false",
    })
    void matchesVersion_shouldFollowMlflow_whenFilterGiven(String filter, boolean expected) {
        // Arrange
        SearchFilter parsed = SearchFilterParser.parseModelVersionFilter(filter);

        // Act
        boolean match = RegistryMatcher.matches(parsed, VERSION);

        // Assert
        assertThat(match).isEqualTo(expected);
    }
}
