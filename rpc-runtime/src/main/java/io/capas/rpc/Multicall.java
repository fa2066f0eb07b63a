package io.capas.rpc;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.reflect.TypeToken;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A typed {@code system.multicall}: each call is added with the Java type of its result, sent in
 * one request by {@link #send()}, and read from its {@link Result} handle, converted by the
 * client's {@link TypeMapping}.
 *
 * <pre>{@code
 * Multicall batch = client.multicall();
 * Multicall.Result<Point> mid = batch.add(Point.class, "mid", new Point(0, 0), new Point(2, 2));
 * Multicall.Result<List<Point>> line = batch.add(new TypeToken<List<Point>>() {}, "line", 3);
 * batch.send();
 * Point p = mid.get();        // the fault of this one call, if any, is thrown here
 * }</pre>
 *
 * <p>Each entry stands alone: one call's fault or unfitting result fails only its own {@link
 * Result#get()}. A batch is sent once. Not thread-safe; one batch per thread.
 */
public final class Multicall {
  private final Client client;
  private final List<MethodCall> calls = new ArrayList<>();
  private final List<Result<?>> results = new ArrayList<>();
  private boolean sent;

  Multicall(Client client) {
    this.client = client;
  }

  /**
   * Adds a call whose result converts to {@code type}.
   *
   * @throws ValueConversionException a parameter has no XML-RPC form (its path names it)
   * @throws IllegalStateException the batch was sent
   */
  public <T> Result<T> add(Class<T> type, String method, @Nullable Object... params) {
    return addCall(type, method, params);
  }

  /** Adds a call whose result converts to a generic type ({@code List<Point>}). */
  public <T> Result<T> add(TypeToken<T> type, String method, @Nullable Object... params) {
    return addCall(type.getType(), method, params);
  }

  private <T> Result<T> addCall(Type type, String method, @Nullable Object[] params) {
    checkState(!sent, "multicall already sent; cannot add %s", method);
    TypeMapping mapping = client.typeMapping();
    mapping.converter(type); // an unsupported result type fails here, not after the call
    List<@Nullable Object> wire = new ArrayList<>(params.length);
    for (int i = 0; i < params.length; i++) {
      try {
        wire.add(mapping.toWire(params[i]));
      } catch (ValueConversionException e) {
        throw e.atIndex(i).atMember("params");
      }
    }
    calls.add(new MethodCall(method, wire));
    Result<T> result = new Result<>(mapping, type, method);
    results.add(result);
    return result;
  }

  /** The number of calls added. */
  public int size() {
    return calls.size();
  }

  /**
   * Sends every call added in one {@code system.multicall}; then each {@link Result} holds its
   * answer.
   *
   * @throws RpcException the multicall as a whole failed (the results stay unanswered)
   * @throws IllegalStateException the batch was sent already
   */
  public void send() {
    checkState(!sent, "multicall already sent");
    sent = true;
    List<MethodResponse> responses = client.multicall(calls);
    for (int i = 0; i < responses.size(); i++) {
      results.get(i).response = responses.get(i);
    }
  }

  /**
   * The answer of one call in a {@link Multicall}, readable after {@link Multicall#send()}. Not
   * thread-safe.
   */
  public static final class Result<T> {
    private final TypeMapping mapping;
    private final Type type;
    private final String method;
    private @Nullable MethodResponse response;

    private Result(TypeMapping mapping, Type type, String method) {
      this.mapping = mapping;
      this.type = type;
      this.method = method;
    }

    /** The method this call named. */
    public String method() {
      return method;
    }

    /**
     * The result converted to its type.
     *
     * @throws RpcFault the server answered this call with a fault
     * @throws RpcException of kind {@code PROTOCOL}, caused by a {@link ValueConversionException}
     *     naming the path, when the result does not fit
     * @throws IllegalStateException the batch has not been sent
     */
    public T get() {
      MethodResponse r = response;
      checkState(r != null, "multicall not sent: no result for %s yet", method);
      if (r instanceof Fault f) {
        throw new RpcFault(method, f.code(), f.message());
      }
      Object value = ((MethodResponse.Success) r).value();
      try {
        @SuppressWarnings("unchecked") // the converter of type produces a T (or null)
        T converted = (T) mapping.fromWire(value, type);
        return converted;
      } catch (ValueConversionException e) {
        e.atMember("result");
        throw new RpcException(
            RpcException.Kind.PROTOCOL,
            method,
            "unexpected result for method " + method + " in a multicall: " + e.getMessage(),
            e);
      }
    }
  }
}
