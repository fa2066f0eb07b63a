package io.capas.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context through a real front server: a capas HTTP client calls nginx, nginx's {@code
 * scgi_pass} hands the call to {@code RpcServer.scgi} with the request's headers as CGI variables
 * ({@code HTTP_TRACEPARENT}), and the server's span is the client's child. nginx runs on the host
 * (Debian's nginx, installed by {@code .ci/setup.sh}) in the foreground, with a generated config in
 * a temp dir, on a free loopback port, stopped by its pid.
 */
@Timeout(60)
class NginxScgiTracingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void theServerSpanBehindNginxIsTheClientSpansChild(@TempDir Path dir) throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Semaphore ended = new Semaphore(0);
    try (OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .addSpanProcessor(Ended.releasing(ended))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        RpcServer server =
            ServerTracing.of(otel)
                .bindTo(
                    RpcServer.scgi(
                        new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                        Endpoint.of("127.0.0.1", 0)))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start()) {
      int port = freePort();
      Path config = dir.resolve("nginx.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "daemon off;",
              "master_process off;",
              "worker_processes 1;",
              "pid " + dir.resolve("nginx.pid") + ";",
              "error_log " + dir.resolve("error.log") + " info;",
              "events { worker_connections 64; }",
              "http {",
              "  access_log off;",
              "  client_body_temp_path " + dir.resolve("body") + ";",
              "  scgi_temp_path " + dir.resolve("scgi") + ";",
              "  proxy_temp_path " + dir.resolve("proxy") + ";",
              "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
              "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
              "  server {",
              "    listen 127.0.0.1:" + port + ";",
              "    location /RPC2 {",
              "      include /etc/nginx/scgi_params;",
              "      scgi_pass 127.0.0.1:" + server.port() + ";",
              "    }",
              "  }",
              "}",
              ""));
      try (ChildProcess nginx =
          ChildProcess.start(
              List.of(
                  "nginx",
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  config.toString()),
              dir)) {
        awaitListening(port);
        try (Client client =
            ClientTracing.of(otel)
                .bindTo(
                    HttpClientSettings.builder()
                        .url("http://127.0.0.1:" + port + "/RPC2")
                        .timeout(WAIT)
                        .build()
                        .client())) {
          assertEquals(5, client.call("suma", 2, 3));
        }
      }
      // The server ends its span after answering: wait for it.
      assertTrue(ended.tryAcquire(2, WAIT.toSeconds(), TimeUnit.SECONDS));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertEquals(2, spans.size(), spans.toString());
      SpanData calling =
          spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().get();
      SpanData answering =
          spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().get();
      assertEquals(calling.getTraceId(), answering.getTraceId());
      assertEquals(calling.getSpanId(), answering.getParentSpanId());
      assertEquals("scgi", answering.getAttributes().get(AttributeKey.stringKey("capas.binding")));
    }
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int attempt = 0; attempt < 400 && System.nanoTime() < deadline; attempt++) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new IOException("nginx did not listen on port " + port + " within " + WAIT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
