package io.capas.benchmarks.rpc;

import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XML-RPC {@code suma(2, 3)} over HTTP, plain against TLS (issue 16), on the default model
 * (MULTIPLEX, whose TLS is an {@code SSLEngine} on the selector loops) and a blocking one
 * (THREAD_PER_CONNECTION, an {@code SSLSocket} per connection): sequential calls on one kept-alive
 * connection ({@link #suma}), 8 threads with a kept-alive connection each ({@link #suma8}), and a
 * new connection per call ({@link #connectAndCall}: the handshake's cost). The certificate is a
 * self-signed EC P-256 one made by the JDK's keytool at setup; TLS 1.3 is what the JDK agrees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TlsCallBenchmark {
  @Param({"MULTIPLEX", "THREAD_PER_CONNECTION"})
  public String model;

  @Param({"plain", "tls"})
  public String security;

  private RpcServer server;
  private HttpClientSettings clients;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TcpConfig.Builder serverConfig = TcpConfig.builder().model(TcpConfig.Model.valueOf(model));
    TcpConfig.Builder clientConfig = TcpConfig.builder();
    if (security.equals("tls")) {
      KeyStore keys = selfSigned();
      serverConfig.tls(TlsSettings.of(serverContext(keys)));
      clientConfig.tls(TlsSettings.of(clientContext(keys)));
    }
    server =
        RpcServer.http(
                new TcpTransport(serverConfig.build(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    clients =
        HttpClientSettings.builder()
            .endpoint("localhost", server.port())
            .dialer(new TcpTransport(clientConfig.build(), HostResolver.system()))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  /** One kept-alive client per benchmark thread. */
  @State(Scope.Thread)
  public static class Caller {
    Client client;

    @Setup(Level.Trial)
    public void open(TlsCallBenchmark benchmark) {
      client = benchmark.clients.client();
      if (!Integer.valueOf(5).equals(client.call("suma", 2, 3))) {
        throw new IllegalStateException("wrong answer");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      client.close();
    }
  }

  @Benchmark
  public Object suma(Caller caller) {
    return caller.client.call("suma", 2, 3);
  }

  @Benchmark
  @Threads(8)
  public Object suma8(Caller caller) {
    return caller.client.call("suma", 2, 3);
  }

  @Benchmark
  public Object connectAndCall() {
    try (Client client = clients.client()) {
      return client.call("suma", 2, 3);
    }
  }

  private static final char[] PASSWORD = "changeit".toCharArray();

  private static KeyStore selfSigned() throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("capas-tls-bench");
    Path store = dir.resolve("localhost.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "bench",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "san=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for keytool", e);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    Files.delete(store);
    Files.delete(dir);
    return keys;
  }

  private static SSLContext serverContext(KeyStore keys) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientContext(KeyStore keys) throws GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try {
      trusted.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    trusted.setCertificateEntry("bench", keys.getCertificate("bench"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
