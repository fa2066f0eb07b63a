package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import io.capas.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An XML-RPC server: register methods, then {@link #start()} (returns) or {@link #serve()} (blocks
 * until closed).
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.http(transport, Endpoint.of("localhost", 8000))
 *     .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *     .start()) {
 *   System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>Registration happens before start, from one thread; after start the method table is frozen and
 * the server is safe for concurrent use. {@link #close()} stops at once; {@link
 * #shutdown(Duration)} lets calls in flight finish first. Both may be called twice.
 */
public final class RpcServer implements AutoCloseable {
  private static final System.Logger LOGGER = System.getLogger(RpcServer.class.getName());

  /** The default cap on calls in one {@code system.multicall}. */
  public static final int DEFAULT_MAX_MULTICALL_CALLS = 1000;

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final ServerBinding binding;
  private final Endpoint local;
  private final MethodRegistry registry = new MethodRegistry();
  private final List<ServerInterceptor> interceptors = new ArrayList<>();
  private final List<CallListener> listeners = new ArrayList<>();
  private final List<ConnectionListener> connectionListeners = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int maxMulticallCalls = DEFAULT_MAX_MULTICALL_CALLS;
  private RpcCodec codec = XmlRpcCodec.defaults();
  private volatile State state = State.NEW;
  private volatile Server server;

  RpcServer(ServerBinding binding, Endpoint local) {
    this.binding = binding;
    this.local = local;
  }

  /** XML-RPC over HTTP with the default settings (paths {@code /RPC2} and {@code /}). */
  public static RpcServer http(Transport transport, Endpoint local) {
    return new RpcServer(new HttpServerBinding(transport, HttpServerSettings.defaults()), local);
  }

  /** XML-RPC over HTTP on {@code localhost:port} (port 0 picks a free one). */
  public static RpcServer http(Transport transport, int port) {
    return http(transport, Endpoint.of("localhost", port));
  }

  /** XML-RPC over HTTP with {@code settings} (paths, limits, timeouts, basic auth...). */
  public static RpcServer http(Transport transport, Endpoint local, HttpServerSettings settings) {
    return new RpcServer(new HttpServerBinding(transport, settings), local);
  }

  /** XML-RPC documents in length-prefixed frames over a byte stream (no HTTP). */
  public static RpcServer framed(Transport transport, Endpoint local) {
    return framed(transport, local, FramedServerSettings.defaults());
  }

  /** Framed XML-RPC with {@code settings} (frame size, timeouts). */
  public static RpcServer framed(
      Transport transport, Endpoint local, FramedServerSettings settings) {
    return new RpcServer(new FramedServerBinding(transport, settings), local);
  }

  /**
   * XML-RPC over SCGI with the default settings: behind a front web server's {@code scgi_pass}, or
   * for SCGI clients ({@code scgi://host:port} URLs).
   */
  public static RpcServer scgi(Transport transport, Endpoint local) {
    return scgi(transport, local, ScgiServerSettings.defaults());
  }

  /** XML-RPC over SCGI with {@code settings} (header and body limits, timeouts). */
  public static RpcServer scgi(Transport transport, Endpoint local, ScgiServerSettings settings) {
    return new RpcServer(new ScgiServerBinding(transport, settings), local);
  }

  /**
   * XML-RPC over HTTP served by an HTTP server capas does not run (a servlet container, the JDK's
   * {@code HttpServer}): after {@link #start()}, which binds nothing, {@link HttpEndpoint#of} gives
   * the entry point the host's adapter hands each request to, with the limits, interceptors,
   * authentication and fault mapping of {@link #http}. {@link #url()} is then the served path,
   * relative to where the host mounts the endpoint.
   */
  public static RpcServer embedded(HttpServerSettings settings) {
    return new RpcServer(new HttpEndpoint.Binding(settings), Endpoint.of("localhost", 0));
  }

  /** {@link #embedded(HttpServerSettings)} with the default settings. */
  public static RpcServer embedded() {
    return embedded(HttpServerSettings.defaults());
  }

  /** XML-RPC documents as whole messages of a {@link MessageTransport} (reliable UDP). */
  public static RpcServer messages(MessageTransport transport, Endpoint local) {
    return new RpcServer(new MessageServerBinding(transport), local);
  }

  public RpcServer addMethod(String name, RpcHandler handler) {
    checkNew();
    registry.add(name, handler);
    return this;
  }

  public RpcServer addMethod(String name, String help, List<String> signature, RpcHandler handler) {
    checkNew();
    registry.add(name, help, signature, handler);
    return this;
  }

  /**
   * Adds {@code name}, whose body takes the call's {@link CallContext} beside its parameters (the
   * context is not an XML-RPC parameter).
   */
  public RpcServer addMethod(String name, RpcContextHandler handler) {
    checkNew();
    registry.add(name, params -> handler.handle(CallContext.current(), params));
    return this;
  }

  /**
   * Adds {@code interceptor} at the end of the chain every call goes through, after its document is
   * read and before it is dispatched (see {@link ServerInterceptor}).
   */
  public RpcServer intercept(ServerInterceptor interceptor) {
    checkNew();
    interceptors.add(requireNonNull(interceptor));
    return this;
  }

  /** Adds {@code listener}, told when each call starts and ends (see {@link CallListener}). */
  public RpcServer listen(CallListener listener) {
    checkNew();
    listeners.add(requireNonNull(listener));
    return this;
  }

  /**
   * Adds {@code listener}, told when each connection opens, closes or is refused (see {@link
   * ConnectionListener}).
   */
  public RpcServer listenConnections(ConnectionListener listener) {
    checkNew();
    connectionListeners.add(requireNonNull(listener));
    return this;
  }

  /**
   * Logs one line per call (off by default) through {@code System.Logger} {@value
   * AccessLog#LOGGER_NAME} at INFO: remote address, binding, method, {@code ok} or the fault code,
   * milliseconds, request and response bytes.
   */
  public RpcServer accessLog(boolean enabled) {
    checkNew();
    listeners.removeIf(AccessLog.class::isInstance);
    if (enabled) {
      listeners.add(new AccessLog());
    }
    return this;
  }

  public <A> RpcServer addMethod(String name, Class<A> a, RpcHandler.Function1<A> function) {
    checkNew();
    registry.add(name, a, function);
    return this;
  }

  public <A, B> RpcServer addMethod(
      String name, Class<A> a, Class<B> b, RpcHandler.Function2<A, B> function) {
    checkNew();
    registry.add(name, a, b, function);
    return this;
  }

  public <A, B, C> RpcServer addMethod(
      String name, Class<A> a, Class<B> b, Class<C> c, RpcHandler.Function3<A, B, C> function) {
    checkNew();
    registry.add(name, a, b, c, function);
    return this;
  }

  /**
   * A typed lambda whose result type is declared, so that {@code system.methodSignature} reports it
   * ({@code addFunction("mid", Point.class, Point.class, Point.class, (a, b) -> ...)}); the plain
   * {@code addMethod} reports {@code any}, a lambda's result type being erased.
   */
  public <A> RpcServer addFunction(
      String name, Type result, Class<A> a, RpcHandler.Function1<A> function) {
    checkNew();
    registry.addFunction(name, result, a, function);
    return this;
  }

  /** {@link #addFunction(String, Type, Class, RpcHandler.Function1)} for two parameters. */
  public <A, B> RpcServer addFunction(
      String name, Type result, Class<A> a, Class<B> b, RpcHandler.Function2<A, B> function) {
    checkNew();
    registry.addFunction(name, result, a, b, function);
    return this;
  }

  /** {@link #addFunction(String, Type, Class, RpcHandler.Function1)} for three parameters. */
  public <A, B, C> RpcServer addFunction(
      String name,
      Type result,
      Class<A> a,
      Class<B> b,
      Class<C> c,
      RpcHandler.Function3<A, B, C> function) {
    checkNew();
    registry.addFunction(name, result, a, b, c, function);
    return this;
  }

  /** A method taking any number of parameters, each converted to {@code type}. */
  public <T> RpcServer addVarargs(String name, Class<T> type, RpcHandler.Varargs<T> function) {
    checkNew();
    registry.addVarargs(name, type, function);
    return this;
  }

  /**
   * How handlers' Java types map to XML-RPC values (adapters, JavaBeans, the zone policy...): set
   * it before registering methods, which resolve their types when registered. {@link
   * TypeMapping#defaults()} unless set.
   */
  public RpcServer typeMapping(TypeMapping mapping) {
    checkNew();
    registry.mapping(mapping);
    return this;
  }

  /** Registers the {@link XmlRpcMethod}-annotated public methods of {@code target}. */
  public RpcServer addObject(Object target) {
    checkNew();
    registry.addObject(target);
    return this;
  }

  /** Registers the annotated methods of {@code target} as {@code prefix.name}. */
  public RpcServer addObject(String prefix, Object target) {
    checkNew();
    registry.addObject(prefix, target);
    return this;
  }

  /**
   * Declares the handlers of {@code methods} non-blocking: their calls run on the thread that read
   * them (a multiplexing server's selector loop) rather than on a virtual thread of their own,
   * which saves a thread switch per call. Every other handler is offloaded, so one that blocks (a
   * database call, a file read, a sleep) holds only its own connection.
   */
  public RpcServer runInline(String... methods) {
    checkNew();
    registry.runInline(methods);
    return this;
  }

  /** Caps the calls of one {@code system.multicall} (default 1000). */
  public RpcServer maxMulticallCalls(int max) {
    checkNew();
    checkArgument(max > 0, "maxMulticallCalls must be positive: %s", max);
    this.maxMulticallCalls = max;
    return this;
  }

  /** The XML limits for requests. */
  public RpcServer limits(XmlRpcLimits limits) {
    return codec(new XmlRpcCodec(limits));
  }

  /** The document codec ({@link RpcCodec#xmlRpc()} unless swapped). */
  public RpcServer codec(RpcCodec value) {
    checkNew();
    this.codec = value;
    return this;
  }

  /**
   * Starts serving and returns.
   *
   * @throws UncheckedIOException the address could not be bound
   */
  public synchronized RpcServer start() {
    checkNew();
    CallProcessor processor =
        new CallProcessor(
            new Dispatcher(registry, maxMulticallCalls),
            codec,
            interceptors,
            listeners,
            new ConnectionEvents(connectionListeners));
    try {
      server = binding.start(local, processor);
    } catch (IOException e) {
      state = State.CLOSED;
      stopped.countDown();
      throw new UncheckedIOException("cannot serve on " + local + ": " + e.getMessage(), e);
    }
    state = State.RUNNING;
    LOGGER.log(System.Logger.Level.INFO, () -> "serving XML-RPC at " + url());
    return this;
  }

  /** Starts (if not started) and blocks until the server is closed. */
  public void serve() throws InterruptedException {
    if (state == State.NEW) {
      start();
    }
    stopped.await();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    checkState(state != State.NEW, "server not started");
    return server.address();
  }

  /** The bound port (the real one when port 0 was asked for). */
  public int port() {
    return address().getPort();
  }

  /** The URL clients use, e.g. {@code http://localhost:8000/RPC2}. */
  public String url() {
    if (local.isUnix()) {
      // On a Unix socket: the HTTP binding's URL in http+unix form, SCGI's in scgi+unix form;
      // other bindings have none.
      String http = binding.url(Endpoint.UNIX_HOST, 0);
      String prefix = "http://" + Endpoint.UNIX_HOST + ":0";
      if (http.startsWith("scgi://")) {
        return "scgi+unix://" + local.unixPath();
      }
      return http.startsWith(prefix)
          ? UnixUrls.format(local, http.substring(prefix.length()))
          : local.toString();
    }
    String host = local.host();
    if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    return binding.url(host, port());
  }

  /** Connections open right now. */
  public int activeConnections() {
    return state == State.RUNNING ? server.activeConnections() : 0;
  }

  /**
   * Stops accepting, lets calls in flight finish within {@code grace}, then closes. From its start,
   * an HTTP server's health check ({@link HttpServerSettings#withHealth}) answers 503 and every
   * response says {@code Connection: close}; with a {@linkplain HttpServerSettings#withDrainDelay
   * drain delay} it goes on accepting and serving that long first (so a load balancer sees the 503
   * and stops sending), unless {@link #close()} is called meanwhile.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    Server running;
    synchronized (this) {
      if (state != State.RUNNING) {
        state = State.CLOSED;
        stopped.countDown();
        return;
      }
      state = State.CLOSED;
      running = server;
    }
    binding.drain();
    try {
      Duration delay = binding.drainDelay();
      // close() counts `stopped` down: it ends the delay and skips the graceful part.
      boolean closedMeanwhile =
          delay.isPositive() && stopped.await(delay.toNanos(), TimeUnit.NANOSECONDS);
      if (!closedMeanwhile) {
        running.shutdown(grace);
      }
    } finally {
      running.close();
      stopped.countDown();
    }
  }

  @Override
  public void close() {
    Server running;
    synchronized (this) {
      State was = state;
      state = State.CLOSED;
      stopped.countDown();
      if (was != State.RUNNING) {
        return;
      }
      running = server;
    }
    running.close();
  }

  /** How this server meets the network (for {@link HttpEndpoint#of}). */
  ServerBinding binding() {
    return binding;
  }

  private void checkNew() {
    checkState(state == State.NEW, "server is %s; register methods before start()", state);
  }

  @Override
  public String toString() {
    return "RpcServer[" + local + ", " + state + "]";
  }
}
