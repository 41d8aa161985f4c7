package dev.mlops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.ResourceNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function module, a module under {@code functions/} that builds a {@code function.zip} (it depends on a
 * Quarkus Lambda extension), has a Lambda in the stack: a new function cannot be forgotten at deploy time.
 */
class FunctionModulesTest {

    /** The modules under {@code root/functions} whose pom pulls in quarkus-amazon-lambda or -lambda-http. */
    static Set<String> functionModules(Path root) {
        try (Stream<Path> dirs = Files.list(root.resolve("functions"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).filter(d -> {
                try {
                    return Files.readString(d.resolve("pom.xml")).contains("<artifactId>quarkus-amazon-lambda");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(d -> d.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function modules without a Lambda of that name in the template. */
    static Set<String> undeployed(Set<String> modules, TemplateJson template, ResourceNames names) {
        Set<String> deployed = template.ofType("AWS::Lambda::Function").values().stream()
                .map(f -> String.valueOf(TemplateJson.properties(f).get("FunctionName"))).collect(Collectors.toSet());
        return modules.stream().filter(m -> !deployed.contains(names.function(m)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyFunctionModuleHasALambdaInTheStack() {
        Set<String> modules = functionModules(TestStacks.repositoryRoot());
        assertThat(modules).contains("tracking", "registry", "ingestion", "metric-flush", "health",
                "webhook-delivery", "recovery");
        assertThat(undeployed(modules, TestStacks.standardJson(), ResourceNames.forStage(TestStacks.STAGE)))
                .as("function modules with no FunctionCatalog entry (infra-cdk)").isEmpty();
        assertThat(FunctionCatalog.all().stream().map(FunctionSpec::module).toList())
                .as("catalog entries are function modules").allMatch(modules::contains);
    }

    @Test
    void everyFunctionModuleIsBuiltBeforeTheStackTestsReadItsZip() throws IOException {
        String pom = Files.readString(TestStacks.repositoryRoot().resolve("infra-cdk/pom.xml"));
        for (String module : functionModules(TestStacks.repositoryRoot())) {
            assertThat(pom).as("infra-cdk/pom.xml lists %s as a build-order dependency", module)
                    .contains("<artifactId>" + module + "</artifactId>");
        }
    }

    @Test
    void aFunctionModuleWithoutAnEntryIsReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("functions/new-trigger"));
        Files.writeString(root.resolve("functions/new-trigger/pom.xml"),
                "<project><dependencies><dependency><groupId>io.quarkus</groupId>"
                        + "<artifactId>quarkus-amazon-lambda</artifactId></dependency></dependencies></project>");
        Files.createDirectories(root.resolve("functions/http-api"));
        Files.writeString(root.resolve("functions/http-api/pom.xml"), "<project><artifactId>quarkus-rest"
                + "</artifactId></project>");
        Set<String> modules = functionModules(root);
        assertThat(modules).containsExactly("new-trigger");
        assertThat(undeployed(modules, TestStacks.standardJson(), ResourceNames.forStage(TestStacks.STAGE)))
                .isEqualTo(Set.of("new-trigger"));
    }

    @Test
    void theCatalogHasOneEntryPerModule() {
        List<String> modules = FunctionCatalog.all().stream().map(FunctionSpec::module).toList();
        assertThat(modules).doesNotHaveDuplicates();
    }
}
