package dev.mlops.core.port;

import java.util.List;

/** One page of results; {@code nextPageToken} is null on the last page and opaque to clients. */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
    }
}
