package dev.mlops.infra;

import dev.mlops.aws.Setting;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Everything the stack needs to deploy one function module ({@code functions/<module>/target/function.zip}): one
 * declarative entry in {@link FunctionCatalog}. The stack derives the rest (role, log group, version, alias,
 * dead-letter queue, alarms, routes and rules) from it.
 *
 * @param module              the directory under {@code functions/}; also the Lambda's name suffix
 * @param description         what the function does, shown in the Lambda console
 * @param memoryMb            memory (and with it CPU: 1,769 MB is one vCPU)
 * @param timeout             the invocation limit
 * @param reservedConcurrency caps (and guarantees) concurrent executions; empty for none
 * @param triggers            what invokes it
 * @param access              what its role may do; nothing else is granted
 * @param settings            the resource-name settings it reads, set as environment variables by the stack
 */
public record FunctionSpec(
        String module,
        String description,
        int memoryMb,
        Duration timeout,
        OptionalInt reservedConcurrency,
        List<Trigger> triggers,
        List<Access> access,
        List<Setting> settings) {

    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9-]{1,30}");

    public FunctionSpec {
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module names are lower-case words joined by '-': " + module);
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException(module + ": Lambda memory is 128 to 10,240 MB, got " + memoryMb);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException(module + ": Lambda timeouts are 1 s to 15 min, got " + timeout);
        }
        triggers = List.copyOf(triggers);
        access = List.copyOf(access);
        settings = List.copyOf(settings);
        for (Access.Secret secret : Access.Secret.values()) {
            boolean reads = access.contains(new Access.ReadSecret(secret));
            if (reads != settings.contains(secret.setting())) {
                // the secret's name and the permission to read it come together, or neither is any use
                throw new IllegalArgumentException(module + ": Access.ReadSecret(" + secret + ") and Setting."
                        + secret.setting() + " go together");
            }
        }
        boolean http = triggers.stream().anyMatch(t -> t instanceof Trigger.HttpRoutes routes
                && !routes.operatorOnly());
        if (http && timeout.compareTo(Duration.ofSeconds(30)) >= 0) {
            // the HTTP API gives up at 30 s; a longer function timeout would bill work nobody waits for
            throw new IllegalArgumentException(module + ": HTTP functions must time out before API Gateway (30 s)");
        }
    }

    /** True when some trigger invokes it asynchronously, so failed events need a dead-letter queue. */
    public boolean hasAsynchronousTriggers() {
        return triggers.stream().anyMatch(Trigger::asynchronous);
    }
}
