package io.capas.rpc;

import com.google.common.annotations.VisibleForTesting;
import io.capas.http.HttpLimits;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The standard binding: XML-RPC over HTTP/1.1 on a {@link Transport}'s push sessions (so it runs on
 * every server model of the transport). HTTP is parsed and written by http-codec; see {@link
 * HttpSession} for the rules. Immutable and thread-safe.
 */
final class HttpServerBinding implements ServerBinding {
  private final Transport transport;
  private final HttpServerSettings settings;
  private final LongSupplier nanoTime;
  private final AtomicBoolean draining = new AtomicBoolean();

  public HttpServerBinding(Transport transport, HttpServerSettings settings) {
    this(transport, settings, System::nanoTime);
  }

  @VisibleForTesting
  HttpServerBinding(Transport transport, HttpServerSettings settings, LongSupplier nanoTime) {
    this.transport = transport;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  @Override
  public Server start(Endpoint local, CallProcessor calls) throws IOException {
    AtomicInteger active = new AtomicInteger();
    HttpLimits limits = HttpSession.limits(settings);
    // The registry is frozen now: the page is rendered once, here.
    HttpPages pages =
        new HttpPages(
            settings.healthPath(),
            settings.methodPage() ? MethodPage.of(settings.serverName(), calls.dispatcher()) : null,
            draining::get);
    return transport.serve(
        local,
        context -> {
          if (active.incrementAndGet() > settings.maxConnections()) {
            active.decrementAndGet();
            calls.connections().rejected("http", context, ConnectionListener.CONNECTION_LIMIT);
            return new BusySession(context, settings.headerTimeout());
          }
          return calls
              .connections()
              .opened(
                  "http",
                  context,
                  new HttpSession(context, calls, settings, limits, nanoTime, active, pages));
        });
  }

  @Override
  public void drain() {
    draining.set(true);
  }

  @Override
  public Duration drainDelay() {
    return settings.drainDelay();
  }

  @Override
  public String url(String host, int port) {
    String path = settings.paths().contains("/RPC2") ? "/RPC2" : settings.paths().iterator().next();
    return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + path;
  }
}
