package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code <methodCall>}: the method name and its parameters in the plain Java mapping of XML-RPC
 * values (Integer, Long, Boolean, String, Double, LocalDateTime, OffsetDateTime, byte[], Map, List;
 * {@code null} stands for {@code <nil/>}; the table is in the package documentation).
 *
 * <p>Immutable at the top level (the parameter list is an unmodifiable copy); maps and lists nested
 * in the parameters belong to the caller.
 *
 * @param methodName non-empty, as sent (the spec allows {@code A-Z a-z 0-9 _ . : /}; this value
 *     does not enforce it)
 * @param params the parameters, possibly empty
 */
public record MethodCall(String methodName, List<@Nullable Object> params) {
  public MethodCall {
    checkNotNull(methodName, "methodName");
    checkArgument(!methodName.isEmpty(), "empty methodName");
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  /** A call with the given parameters. */
  public static MethodCall of(String methodName, @Nullable Object... params) {
    List<@Nullable Object> list = new ArrayList<>(params.length);
    Collections.addAll(list, params);
    return new MethodCall(methodName, list);
  }
}
