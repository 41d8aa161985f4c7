package dev.mlops.testsupport.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlops.testsupport.databricks.ParameterBinder.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side binding in the statement facade: values can never change a statement's shape. */
class ParameterBinderTest {

    @Test
    void bind_shouldPlaceTypedValuesAtMarkers_asHexLiteralsCastToTheirType() throws Exception {
        String bound = ParameterBinder.bind("SELECT ? AS s, ? AS n, ? AS d",
                List.of(new Parameter(1, "STRING", "it's -- /*"), new Parameter(2, "LONG", "42"),
                        new Parameter(3, "DOUBLE", "NaN")));

        assertEquals("SELECT CAST(X'69742773202d2d202f2a' AS STRING) AS s, CAST(CAST(X'3432' AS STRING) AS BIGINT)"
                + " AS n, CAST(CAST(X'4e614e' AS STRING) AS DOUBLE) AS d", bound);
        assertFalse(bound.contains("it's"));
    }

    @Test
    void bind_shouldLeaveMarkersInLiteralsIdentifiersAndCommentsAlone() throws Exception {
        String bound = ParameterBinder.bind("SELECT '?', `a?b`, 'it''s ?', 'x\\'?' -- ?\n/* ? /* ? */ */ ?",
                List.of(new Parameter(1, "INT", "7")));

        assertEquals("SELECT '?', `a?b`, 'it''s ?', 'x\\'?' -- ?\n/* ? /* ? */ */ CAST(CAST(X'37' AS STRING) AS INT)",
                bound);
    }

    @Test
    void bind_shouldTypeNulls_andUseOrdinalsNotArrivalOrder() throws Exception {
        assertEquals("SELECT CAST(NULL AS STRING), CAST(X'62' AS STRING)", ParameterBinder.bind("SELECT ?, ?",
                List.of(new Parameter(2, "STRING", "b"), new Parameter(1, "STRING", null))));
        assertEquals("SELECT NULL", ParameterBinder.bind("SELECT ?", List.of(new Parameter(1, "VOID", null))));
    }

    @Test
    void bind_shouldRefuseMissingExtraAndUnknownParameters() {
        ParameterBinder.BindException missing = assertThrows(ParameterBinder.BindException.class,
                () -> ParameterBinder.bind("SELECT ?, ?", List.of(new Parameter(1, "INT", "1"))));
        ParameterBinder.BindException extra = assertThrows(ParameterBinder.BindException.class,
                () -> ParameterBinder.bind("SELECT 1", List.of(new Parameter(1, "INT", "1"))));
        ParameterBinder.BindException type = assertThrows(ParameterBinder.BindException.class,
                () -> ParameterBinder.bind("SELECT ?", List.of(new Parameter(1, "INT) --", "1"))));

        assertEquals("42P02", missing.sqlState);
        assertEquals("42K0E", extra.sqlState);
        assertEquals("42K09", type.sqlState);
    }
}
