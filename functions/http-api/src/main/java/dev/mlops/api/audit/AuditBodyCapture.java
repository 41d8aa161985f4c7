package dev.mlops.api.audit;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * Keeps a reference to each JSON body a resource reads (as {@code byte[]}), so the audit filter can read the
 * identifier fields of the request afterwards. Streamed bodies (artifact uploads) are left alone.
 */
@Provider
public class AuditBodyCapture implements ReaderInterceptor {

    static final String BODY = "mlops.audit.body";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object value = context.proceed();
        if (value instanceof byte[] bytes) {
            context.setProperty(BODY, bytes);
        }
        return value;
    }
}
