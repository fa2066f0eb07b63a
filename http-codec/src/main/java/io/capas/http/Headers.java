package io.capas.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Header fields in wire order; names compare case-insensitively, repeated names are kept. Names
 * must be tokens and values visible ASCII, space, tab or obs-text (no CR or LF, so a header can
 * never split a message). Immutable and thread-safe.
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(new String[0], 0);

  /** names at even indexes, values at odd ones. */
  private final String[] fields;

  private final int size;

  private Headers(String[] fields, int size) {
    this.fields = fields;
    this.size = size;
  }

  /** Trusted constructor for the parser, which validated every byte. */
  static Headers ofValidated(String[] fields, int size) {
    return size == 0 ? EMPTY : new Headers(fields, size);
  }

  /** No headers. */
  public static Headers empty() {
    return EMPTY;
  }

  /** Headers from alternating names and values. */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "expected name/value pairs, got " + namesAndValues.length + " strings");
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting with these headers. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.fields = Arrays.copyOf(fields, Math.max(8, size * 2 + 4));
    b.size = size;
    return b;
  }

  /** Number of fields. */
  public int size() {
    return size;
  }

  /** The name of field {@code i}, as sent. */
  public String name(int i) {
    return fields[2 * Objects.checkIndex(i, size)];
  }

  /** The value of field {@code i}. */
  public String value(int i) {
    return fields[2 * Objects.checkIndex(i, size) + 1];
  }

  /** The first value of {@code name}. */
  public Optional<String> first(String name) {
    for (int i = 0; i < size; i++) {
      if (fields[2 * i].equalsIgnoreCase(name)) {
        return Optional.of(fields[2 * i + 1]);
      }
    }
    return Optional.empty();
  }

  /** Every value of {@code name}, in order. */
  public List<String> all(String name) {
    List<String> out = null;
    for (int i = 0; i < size; i++) {
      if (fields[2 * i].equalsIgnoreCase(name)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(fields[2 * i + 1]);
      }
    }
    return out == null ? List.of() : out;
  }

  /** How many fields are named {@code name}. */
  int count(String name) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (fields[2 * i].equalsIgnoreCase(name)) {
        n++;
      }
    }
    return n;
  }

  /** Whether a field named {@code name} is present. */
  public boolean contains(String name) {
    for (int i = 0; i < size; i++) {
      if (fields[2 * i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether any {@code name} field holds {@code token} in its comma-separated list
   * (case-insensitive, parameters after {@code ;} ignored), as in {@code Connection: keep-alive,
   * Upgrade}.
   */
  public boolean hasToken(String name, String token) {
    for (int i = 0; i < size; i++) {
      if (fields[2 * i].equalsIgnoreCase(name)) {
        for (String element : elements(fields[2 * i + 1])) {
          if (element.equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The comma-separated elements of a list value, trimmed, parameters dropped, empties skipped. */
  static List<String> elements(String value) {
    List<String> out = new ArrayList<>(2);
    for (String part : value.split(",", -1)) {
      int semicolon = part.indexOf(';');
      String element = (semicolon >= 0 ? part.substring(0, semicolon) : part).strip();
      if (!element.isEmpty()) {
        out.add(element);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Headers other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!fields[2 * i].equalsIgnoreCase(other.fields[2 * i])
          || !fields[2 * i + 1].equals(other.fields[2 * i + 1])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + fields[2 * i].toLowerCase(Locale.ROOT).hashCode();
      h = 31 * h + fields[2 * i + 1].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ", ").append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
    }
    return sb.append('}').toString();
  }

  /** Collects fields in order. Not thread-safe. */
  public static final class Builder {
    private String[] fields = new String[16];
    private int size;

    private Builder() {}

    /**
     * Appends a field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or
     *     another control character
     */
    public Builder add(String name, String value) {
      checkName(name);
      checkValue(name, value);
      if (2 * size + 2 > fields.length) {
        fields = Arrays.copyOf(fields, fields.length * 2);
      }
      fields[2 * size] = name;
      fields[2 * size + 1] = value.strip();
      size++;
      return this;
    }

    /** Removes every field named {@code name}, then appends one. */
    public Builder set(String name, String value) {
      remove(name);
      return add(name, value);
    }

    /** Removes every field named {@code name}. */
    public Builder remove(String name) {
      int w = 0;
      for (int r = 0; r < size; r++) {
        if (!fields[2 * r].equalsIgnoreCase(name)) {
          fields[2 * w] = fields[2 * r];
          fields[2 * w + 1] = fields[2 * r + 1];
          w++;
        }
      }
      Arrays.fill(fields, 2 * w, 2 * size, null);
      size = w;
      return this;
    }

    public Headers build() {
      return size == 0 ? EMPTY : new Headers(Arrays.copyOf(fields, 2 * size), size);
    }

    private static void checkName(String name) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty header name");
      }
      for (int i = 0; i < name.length(); i++) {
        if (!Ascii.isTchar(name.charAt(i))) {
          throw new IllegalArgumentException("header name is not a token: " + name);
        }
      }
    }

    private static void checkValue(String name, String value) {
      for (int i = 0; i < value.length(); i++) {
        if (!Ascii.isFieldValueChar(value.charAt(i))) {
          throw new IllegalArgumentException(
              "invalid character " + (int) value.charAt(i) + " in the value of header " + name);
        }
      }
    }
  }
}
