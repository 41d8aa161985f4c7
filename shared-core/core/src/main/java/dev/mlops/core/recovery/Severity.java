package dev.mlops.core.recovery;

/** How urgent a finding or alert is. Data corruption found is a WARNING; damage no strategy repaired is CRITICAL. */
public enum Severity {
    WARNING,
    CRITICAL
}
