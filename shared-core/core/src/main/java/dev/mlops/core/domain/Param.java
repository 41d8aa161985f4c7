package dev.mlops.core.domain;

/** An immutable run parameter. */
public record Param(String key, String value) {
}
