package dev.mlops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.ResourceNames;
import dev.mlops.aws.Setting;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of names, proven against the artifacts that ship: every variable the stack sets on a function is
 * one its code reads (a property of a {@code @ConfigMapping} inside its function.zip), every resource-name setting
 * its code reads is set by the stack, and the function's configuration, built from its own
 * application.properties plus exactly that environment, resolves to the stack's own resources.
 */
class StackSettingsTest {

    private static final ResourceNames NAMES = ResourceNames.forStage(TestStacks.STAGE);

    static Stream<FunctionSpec> specs() {
        return FunctionCatalog.all().stream();
    }

    private static Map<String, String> stackEnvironment(String module) {
        TemplateJson t = TestStacks.standardJson();
        Map<String, Object> fn = t.properties(t.idWhere("AWS::Lambda::Function", "FunctionName",
                NAMES.function(module)));
        Map<String, String> env = new LinkedHashMap<>();
        TemplateJson.map(TemplateJson.map(fn.get("Environment")).get("Variables"))
                .forEach((k, v) -> env.put(k, (String) v));
        return env;
    }

    @TempDir
    static Path work;
    /** Each zip is unpacked once per class (the tracking zip is 71 MB). */
    private static final Map<String, FunctionZip> ZIPS = new java.util.concurrent.ConcurrentHashMap<>();

    private static FunctionZip zip(String module) throws Exception {
        FunctionZip cached = ZIPS.get(module);
        if (cached != null) {
            return cached;
        }
        Path zip = TestStacks.repositoryRoot().resolve("functions/" + module + "/target/function.zip");
        assertThat(zip).as("built function zip").isRegularFile();
        FunctionZip read = FunctionZip.read(zip, Files.createDirectories(work.resolve(module)));
        ZIPS.put(module, read);
        return read;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void theStackSetsWhatTheFunctionReadsAndNothingElse(FunctionSpec spec) throws Exception {
        FunctionZip zip = zip(spec.module());
        Map<String, String> env = stackEnvironment(spec.module());
        assertThat(zip.mappings()).as("configuration interfaces in %s's zip", spec.module()).isNotEmpty();
        assertThat(env).as("environment of %s", spec.module()).isNotEmpty();
        assertThat(zip.unreadVariables(env)).as("variables %s never reads", spec.module()).isEmpty();
        assertThat(zip.unsetSettings(env)).as("settings %s reads but the stack leaves unset", spec.module())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void theFunctionsConfigurationResolvesToTheStacksResources(FunctionSpec spec) throws Exception {
        FunctionZip zip = zip(spec.module());
        SmallRyeConfig config = zip.configWith(stackEnvironment(spec.module()));

        Map<Setting, String> expected = Map.of(
                Setting.PREFIX, NAMES.prefix(),
                Setting.BUCKET, NAMES.deployedBucket(TestStacks.ACCOUNT, TestStacks.REGION),
                Setting.REGION, TestStacks.REGION,
                Setting.INGESTION_PREFIX, ResourceNames.INGESTION_PREFIX,
                Setting.DATABRICKS_SECRET_ID, NAMES.databricksSecret(),
                Setting.WEBHOOK_KEY_SECRET_ID, NAMES.webhookKeySecret());
        Map<String, String> env = stackEnvironment(spec.module());
        for (Setting setting : Setting.values()) {
            if (zip.properties().contains(setting.property())
                    && (setting.neededWhenRead() || env.containsKey(setting.envVar()))) {
                assertThat(config.getValue(setting.property(), String.class)).as("%s of %s", setting, spec.module())
                        .isEqualTo(expected.get(setting));
            }
        }
        if (zip.properties().contains("mlops.backend")) {
            assertThat(config.getValue("mlops.backend", String.class)).as("backend of %s", spec.module())
                    .isEqualTo("aws");
        }
        assertThat(config.getOptionalValue("mlops.aws.create-resources", Boolean.class)).as("the stack creates them")
                .isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void aVariableNoFunctionReadsOrAMissingSettingIsCaught() throws Exception {
        FunctionZip tracking = zip("tracking");
        Map<String, String> env = new LinkedHashMap<>(stackEnvironment("tracking"));
        env.put("MLOPS_AWS_BUCKETS", "typo");
        env.remove(Setting.BUCKET.envVar());
        assertThat(tracking.unreadVariables(env)).containsExactly("MLOPS_AWS_BUCKETS");
        assertThat(tracking.unsetSettings(env)).containsExactly(Setting.BUCKET);
    }

    @Test
    void settingNamesFollowSmallRyesEnvironmentRule() {
        assertThat(Setting.PREFIX.envVar()).isEqualTo("MLOPS_AWS_PREFIX");
        assertThat(Setting.INGESTION_PREFIX.envVar()).isEqualTo("MLOPS_INGESTION_PREFIX");
        assertThat(Setting.envVarOf("mlops.lake.flush-threshold-points")).isEqualTo("MLOPS_LAKE_FLUSH_THRESHOLD_POINTS");
    }
}
