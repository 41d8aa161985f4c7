package dev.mlops.ingestion;

import dev.mlops.core.ingest.InMemoryRegistrar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Until a RegistryStore runs on AWS, the function's tests register through an in-memory double of the
 * ModelRegistrar interface (S3 and EventBridge are real, over the emulator). It replaces the default producer.
 */
@ApplicationScoped
public class TestRegistrar {

    @Produces
    @Singleton
    InMemoryRegistrar registrar() {
        return new InMemoryRegistrar();
    }
}
