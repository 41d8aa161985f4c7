package dev.mlops.api.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the audit action of a resource method that MLflow has no RPC name for (e.g. an admin route). Optional:
 * every state-changing route is audited anyway, under a name derived from its method and path when unnamed.
 * {@code readOnly} marks a POST that changes nothing (a search), so it is not audited.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditAction {

    String value() default "";

    boolean readOnly() default false;
}
