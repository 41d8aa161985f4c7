package dev.mlops.core.service;

import java.util.List;
import java.util.SplittableRandom;

/** Readable default run names in MLflow's "adjective-noun-number" style. */
final class RunNames {

    private static final List<String> ADJECTIVES = List.of("agreeable", "bold", "brave", "bright", "calm",
            "clever", "crisp", "eager", "fearless", "gentle", "glowing", "honest", "keen", "lively", "merry",
            "nimble", "quiet", "rare", "sharp", "smooth", "spry", "steady", "swift", "tidy", "vivid", "wise");
    private static final List<String> NOUNS = List.of("ant", "bass", "bear", "crane", "deer", "eel", "finch",
            "fox", "gnu", "hawk", "heron", "lark", "lynx", "mole", "newt", "owl", "panda", "ray", "seal", "shrew",
            "sloth", "stork", "toad", "trout", "wasp", "wren");

    private RunNames() {
    }

    /** A name chosen from the run id, so a retried create-run gets the same name. */
    static String forRunId(String runId) {
        SplittableRandom random = new SplittableRandom(runId.hashCode());
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-" + random.nextInt(1000);
    }
}
