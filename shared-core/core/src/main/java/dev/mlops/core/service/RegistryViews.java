package dev.mlops.core.service;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import java.util.List;

/** What the registry API answers with: entities plus what MLflow's wire shape derives from other entities. */
public final class RegistryViews {

    private RegistryViews() {
    }

    /** A registered model with the latest version per stage (MLflow's latest_versions); aliases are on the model. */
    public record ModelView(RegisteredModel model, List<VersionView> latestVersions) {
        public ModelView {
            latestVersions = List.copyOf(latestVersions);
        }
    }

    /** A model version with the aliases that point at it, sorted. */
    public record VersionView(ModelVersion version, List<String> aliases) {
        public VersionView {
            aliases = List.copyOf(aliases);
        }
    }

    /** One page of a search. */
    public record ModelPage(List<ModelView> models, String nextPageToken) {
        public ModelPage {
            models = List.copyOf(models);
        }
    }

    public record VersionPage(List<VersionView> versions, String nextPageToken) {
        public VersionPage {
            versions = List.copyOf(versions);
        }
    }
}
