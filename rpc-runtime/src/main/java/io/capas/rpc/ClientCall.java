package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.http.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One call as a {@link ClientInterceptor} sees it: the method, its parameters (in wire form), the
 * deadline it runs under and the extra request headers it carries. Immutable: the {@code with}
 * methods return a changed copy.
 */
public final class ClientCall {
  private final String method;
  private final List<@Nullable Object> params;
  private final Duration timeout;
  private final Headers headers;

  ClientCall(String method, List<@Nullable Object> params, Duration timeout, Headers headers) {
    this.method = method;
    this.params = params;
    this.timeout = timeout;
    this.headers = headers;
  }

  public String method() {
    return method;
  }

  /** The parameters, already in their wire form; not to be changed. */
  public List<@Nullable Object> params() {
    return params;
  }

  /** How long the call may take, all of it. */
  public Duration timeout() {
    return timeout;
  }

  /** The extra request headers (HTTP only), besides the binding's own. */
  public Headers headers() {
    return headers;
  }

  /** This call with header {@code name: value} added (HTTP only; other bindings drop it). */
  public ClientCall withHeader(String name, String value) {
    return new ClientCall(method, params, timeout, headers.toBuilder().add(name, value).build());
  }

  /** This call with another timeout. */
  public ClientCall withTimeout(Duration value) {
    checkArgument(value.isPositive(), "timeout must be positive: %s", value);
    return new ClientCall(method, params, value, headers);
  }

  /** This call with other parameters (in wire form). */
  public ClientCall withParams(List<@Nullable Object> values) {
    return new ClientCall(
        method, Collections.unmodifiableList(new ArrayList<>(values)), timeout, headers);
  }

  @Override
  public String toString() {
    return "ClientCall[" + method + ", " + params.size() + " params, " + timeout + "]";
  }
}
