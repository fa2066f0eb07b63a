package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.reflect.TypeToken;
import io.capas.http.Headers;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An XML-RPC client: plain calls, typed proxies over Java interfaces, asynchronous calls and
 * multicall batches, all through one {@link Invoker} (a binding).
 *
 * <pre>{@code
 * try (Client client = Client.connect("localhost", 8000)) {
 *   Object five = client.call("suma", 2, 3);
 *   Calculator calc = client.proxy(Calculator.class);
 * }
 * }</pre>
 *
 * <p>Safe for concurrent use. {@link #close()} closes the binding (and its pooled connections).
 * Failures are unchecked: {@link RpcFault} for a fault, {@link RpcException} otherwise.
 */
public final class Client implements AutoCloseable {
  private final Invoker invoker;
  private final Duration timeout;
  private final ExecutorService executor;
  private final AtomicBoolean closed;
  private final ImmutableList<ClientInterceptor> interceptors;
  private final TypeMapping typeMapping;

  /** A client over {@code invoker}, bounding each call by {@code timeout}. */
  public Client(Invoker invoker, Duration timeout) {
    this(
        invoker,
        timeout,
        Executors.newVirtualThreadPerTaskExecutor(),
        new AtomicBoolean(),
        ImmutableList.of(),
        TypeMapping.defaults());
  }

  private Client(
      Invoker invoker,
      Duration timeout,
      ExecutorService executor,
      AtomicBoolean closed,
      ImmutableList<ClientInterceptor> interceptors,
      TypeMapping typeMapping) {
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    this.invoker = invoker;
    this.timeout = timeout;
    this.executor = executor;
    this.closed = closed;
    this.interceptors = interceptors;
    this.typeMapping = typeMapping;
  }

  /**
   * This client with {@code interceptor} at the end of its chain (see {@link ClientInterceptor}): a
   * view sharing the binding, connections and state, as {@link #withTimeout} makes.
   */
  public Client withInterceptor(ClientInterceptor interceptor) {
    return new Client(
        invoker,
        timeout,
        executor,
        closed,
        ImmutableList.<ClientInterceptor>builder().addAll(interceptors).add(interceptor).build(),
        typeMapping);
  }

  /**
   * This client with another deadline per call: {@code client.withTimeout(Duration.ofMillis(200))
   * .call("status")} bounds that one call, longer or shorter than this client's default. The result
   * shares this client's binding, connections and state: it is a view, cheap to make per call, and
   * closing either closes both.
   */
  public Client withTimeout(Duration timeout) {
    return timeout.equals(this.timeout)
        ? this
        : new Client(invoker, timeout, executor, closed, interceptors, typeMapping);
  }

  /**
   * This client converting arguments, results and proxies with {@code mapping} (adapters, zone
   * policy...): a view sharing the binding, connections and state, as {@link #withTimeout} makes.
   */
  public Client withTypeMapping(TypeMapping mapping) {
    return new Client(invoker, timeout, executor, closed, interceptors, mapping);
  }

  /** How this client maps Java types ({@link TypeMapping#defaults()} unless set). */
  public TypeMapping typeMapping() {
    return typeMapping;
  }

  /** XML-RPC over HTTP to {@code http://host:port/RPC2}, with the default settings. */
  public static Client connect(String host, int port) {
    return HttpClientSettings.builder().endpoint(host, port).build().client();
  }

  /** XML-RPC over HTTP to {@code url} ({@code http://host:port/path}). */
  public static Client connect(String url) {
    return HttpClientSettings.builder().url(url).build().client();
  }

  /**
   * XML-RPC to any of {@code urls} (any scheme of {@link ClientSchemes#defaults()}), round-robin,
   * with the default settings of {@link MultiEndpointSettings}: an endpoint that refuses is left
   * out for a while, and a call that cannot have been processed goes to the next one.
   */
  public static Client connect(List<String> urls) {
    return MultiEndpointSettings.builder().urls(urls).build().client();
  }

  /** The binding calls go through. */
  Invoker invoker() {
    return invoker;
  }

  /** Where calls go. */
  public String target() {
    return invoker.target();
  }

  /** The per-call deadline. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Calls {@code method} with {@code params} converted to their wire form; returns the result in
   * the plain Java mapping.
   */
  public @Nullable Object call(String method, @Nullable Object... params) {
    return invoke(method, wire(params));
  }

  /**
   * Calls {@code method} and converts the result to {@code type} (a record, an enum, {@code
   * Integer}...: see {@link TypeMapping}).
   *
   * @throws RpcException of kind {@code PROTOCOL} whose cause is a {@link ValueConversionException}
   *     naming the path, when the result does not fit
   */
  public <T> T call(Class<T> type, String method, @Nullable Object... params) {
    @SuppressWarnings("unchecked") // the converter of type produces a T (or null)
    T converted = (T) convertResult(type, method, call(method, params));
    return converted;
  }

  /**
   * Calls {@code method} and converts the result to a generic type: {@code client.call(new
   * TypeToken<List<Point>>() {}, "points")}.
   */
  public <T> T call(TypeToken<T> type, String method, @Nullable Object... params) {
    @SuppressWarnings("unchecked") // the converter of type produces a T (or null)
    T converted = (T) convertResult(type.getType(), method, call(method, params));
    return converted;
  }

  private @Nullable Object convertResult(Type type, String method, @Nullable Object value) {
    try {
      return typeMapping.fromWire(value, type);
    } catch (ValueConversionException e) {
      e.atMember("result");
      throw new RpcException(
          RpcException.Kind.PROTOCOL,
          method,
          "unexpected result for method " + method + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Calls {@code method} without blocking the caller; the future fails with the call's exception.
   * Over a pipelined framed client no thread waits for the answer; elsewhere the call runs on a
   * virtual thread of its own. Cancelling the future ({@code cancel(true)} or {@code
   * cancel(false)}) aborts the call: a connection it was using is closed, never reused half-read,
   * and the caller gets a {@code CancellationException}.
   */
  public CompletableFuture<@Nullable Object> callAsync(String method, @Nullable Object... params) {
    return callAsync(method, wire(params));
  }

  CompletableFuture<@Nullable Object> callAsync(String method, List<@Nullable Object> params) {
    checkOpen();
    if (interceptors.isEmpty() && invoker instanceof AsyncInvoker async) {
      // No thread waits for the call (pipelined framed): the connection's reader completes it.
      CompletableFuture<@Nullable Object> started = async.invokeAsync(method, params, timeout);
      if (started != null) {
        return started;
      }
    }
    CallFuture future = new CallFuture();
    future.start(executor, () -> invoke(method, params));
    return future;
  }

  /** A proxy calling each interface method under its own name (or its annotation's name). */
  public <T> T proxy(Class<T> iface) {
    return ProxyFactory.create(this, "", iface);
  }

  /** A proxy calling each method as {@code prefix.name}. */
  public <T> T proxy(String prefix, Class<T> iface) {
    return ProxyFactory.create(this, prefix, iface);
  }

  /**
   * Sends {@code calls} in one {@code system.multicall} and returns one response per call, in
   * order: a success or the fault of that call.
   *
   * @throws RpcException the multicall as a whole failed, or the answer has the wrong shape
   */
  public List<MethodResponse> multicall(List<MethodCall> calls) {
    List<@Nullable Object> structs = new ArrayList<>(calls.size());
    for (MethodCall call : calls) {
      Map<String, @Nullable Object> struct = new LinkedHashMap<>();
      struct.put("methodName", call.methodName());
      struct.put("params", new ArrayList<>(call.params()));
      structs.add(struct);
    }
    Object result = invoke("system.multicall", List.of(structs));
    if (!(result instanceof List<?> list) || list.size() != calls.size()) {
      throw protocol("system.multicall", "expected an array of " + calls.size() + " results");
    }
    List<MethodResponse> responses = new ArrayList<>(list.size());
    for (Object item : list) {
      if (item instanceof List<?> one && one.size() == 1) {
        responses.add(MethodResponse.success(one.get(0)));
      } else if (item instanceof Map<?, ?> fault
          && fault.get("faultCode") instanceof Integer code
          && fault.get("faultString") instanceof String string) {
        responses.add(MethodResponse.fault(code, string));
      } else {
        throw protocol("system.multicall", "bad result item " + TypeMapping.describeValue(item));
      }
    }
    return responses;
  }

  /**
   * A typed multicall batch: add calls with their result types, {@link Multicall#send()} them in
   * one {@code system.multicall}, and read each result converted by {@link #typeMapping()}.
   */
  public Multicall multicall() {
    return new Multicall(this);
  }

  @Nullable Object invoke(String method, List<@Nullable Object> params) {
    checkOpen();
    if (interceptors.isEmpty()) {
      return invoker.invoke(method, params, timeout);
    }
    return proceed(0, new ClientCall(method, params, timeout, Headers.empty()));
  }

  private @Nullable Object proceed(int index, ClientCall call) {
    if (index == interceptors.size()) {
      return invoker.invoke(call.method(), call.params(), call.timeout(), call.headers());
    }
    return interceptors.get(index).intercept(call, next -> proceed(index + 1, next));
  }

  private static RpcException protocol(String method, String message) {
    return new RpcException(
        RpcException.Kind.PROTOCOL, method, message + " for method " + method, null);
  }

  private void checkOpen() {
    if (closed.get()) {
      // The target is formatted only here: a check on every call must not build a string.
      throw new IllegalStateException("client for " + invoker.target() + " is closed");
    }
  }

  private List<@Nullable Object> wire(@Nullable Object[] params) {
    List<@Nullable Object> out = new ArrayList<>(params.length);
    for (int i = 0; i < params.length; i++) {
      try {
        out.add(typeMapping.toWire(params[i]));
      } catch (ValueConversionException e) {
        throw e.atIndex(i).atMember("params");
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdownNow();
      invoker.close();
    }
  }

  @Override
  public String toString() {
    return "Client[" + invoker.target() + "]" + (closed.get() ? " (closed)" : "");
  }

  /** A call running on a virtual thread of its own, which a cancellation interrupts. */
  private static final class CallFuture extends CompletableFuture<@Nullable Object> {
    private @Nullable Thread worker;
    private boolean cancelled;

    interface Body {
      @Nullable Object run();
    }

    void start(ExecutorService executor, Body body) {
      executor.execute(
          () -> {
            if (!enter()) {
              return;
            }
            try {
              complete(body.run());
            } catch (Throwable e) {
              completeExceptionally(e);
            } finally {
              leave();
            }
          });
    }

    private synchronized boolean enter() {
      worker = Thread.currentThread();
      return !cancelled;
    }

    private synchronized void leave() {
      worker = null;
      // Clear an interrupt that came after the call ended, before the thread is reused or ends.
      Thread.interrupted();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean done = super.cancel(mayInterruptIfRunning);
      if (done) {
        synchronized (this) {
          cancelled = true;
          if (worker != null) {
            // The invokers close the connection of an interrupted call (blocking socket I/O on a
            // virtual thread is interruptible, and the pipelined wait gives up at once).
            worker.interrupt();
          }
        }
      }
      return done;
    }
  }
}
