package dev.mlops.testsupport;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(AwsEmulatorExtension.class)}: injects the JVM's {@link AwsEmulator} into constructors, test and
 * lifecycle methods, and resets it before each test so moto-backed tests start from an empty account. (LocalStack and
 * env endpoints cannot be reset: use {@link AwsEmulator#uniquePrefix} names.)
 */
public final class AwsEmulatorExtension implements BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeEach(ExtensionContext context) {
        AwsEmulator.get().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AwsEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return AwsEmulator.get();
    }
}
