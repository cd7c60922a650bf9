package io.govclear.common;

import java.util.List;

/** One page of a listing; {@code page} counts from 0. */
public record Page<T>(int page, int size, long total, List<T> items) {
}
