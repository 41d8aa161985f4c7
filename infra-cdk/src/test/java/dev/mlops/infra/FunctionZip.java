package dev.mlops.infra;

import dev.mlops.aws.Setting;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

/**
 * The configuration a built {@code function.zip} reads: the {@code @ConfigMapping} interfaces of the project's
 * own classes in it (found with Jandex, so nothing else is loaded), their property names as SmallRye Config
 * derives them, and the zip's {@code application.properties}.
 */
final class FunctionZip {

    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");

    private final Set<String> properties;
    private final Set<String> mappings;
    private final URL applicationProperties;

    private FunctionZip(Set<String> properties, Set<String> mappings, URL applicationProperties) {
        this.properties = properties;
        this.mappings = mappings;
        this.applicationProperties = applicationProperties;
    }

    /** Unpacks the zip's own classes and the project's jars in it under {@code work}, and reads their mappings. */
    static FunctionZip read(Path zip, Path work) throws Exception {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
        Indexer indexer = new Indexer();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith("lib/dev.mlops.") && name.endsWith(".jar")) {
                    Path jar = work.resolve(name.substring("lib/".length()));
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, jar);
                    }
                    urls.add(jar.toUri().toURL());
                    indexJar(jar, indexer);
                } else if (!name.startsWith("lib/")) {
                    Path target = classes.resolve(name).normalize();
                    if (!target.startsWith(classes)) {
                        throw new IllegalStateException("zip entry escapes: " + name);
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                    if (name.startsWith("dev/mlops/") && name.endsWith(".class")) {
                        try (InputStream in = Files.newInputStream(target)) {
                            indexer.index(in);
                        }
                    }
                }
            }
        }
        Index index = indexer.complete();
        Set<String> properties = new TreeSet<>();
        Set<String> mappings = new TreeSet<>();
        // parent-first: the SmallRye annotation types are the test's own, so reflection sees them
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), FunctionZip.class.getClassLoader());
        for (AnnotationInstance annotation : index.getAnnotations(CONFIG_MAPPING)) {
            String className = annotation.target().asClass().name().toString();
            Class<?> mapping = Class.forName(className, false, loader);
            mappings.add(className);
            properties.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).keySet());
        }
        Path props = classes.resolve("application.properties");
        return new FunctionZip(properties, mappings, Files.exists(props) ? props.toUri().toURL() : null);
    }

    private static void indexJar(Path jar, Indexer indexer) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("dev/mlops/") && entry.getName().endsWith(".class")) {
                    indexer.index(in);
                }
            }
        }
    }

    /** Every property name the function's mappings read, e.g. {@code mlops.aws.prefix}. */
    Set<String> properties() {
        return properties;
    }

    Set<String> mappings() {
        return mappings;
    }

    /** The function's configuration as it would start: its application.properties under the given environment. */
    SmallRyeConfig configWith(Map<String, String> environment) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new EnvConfigSource(environment, 300));
        if (applicationProperties != null) {
            builder.withSources(new PropertiesConfigSource(applicationProperties, 250));
        }
        return builder.build();
    }

    /** Variables of the environment that name no property the function reads. */
    Set<String> unreadVariables(Map<String, String> environment) {
        Set<String> readable = new TreeSet<>();
        properties.forEach(p -> readable.add(Setting.envVarOf(p)));
        Set<String> unread = new TreeSet<>(environment.keySet());
        unread.removeAll(readable);
        return unread;
    }

    /** Resource-name settings the function reads and needs, but the environment does not set. */
    Set<Setting> unsetSettings(Map<String, String> environment) {
        Set<Setting> unset = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            if (setting.neededWhenRead() && properties.contains(setting.property())
                    && !environment.containsKey(setting.envVar())) {
                unset.add(setting);
            }
        }
        return unset;
    }
}
