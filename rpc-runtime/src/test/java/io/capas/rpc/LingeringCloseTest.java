package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 9: a client still sending a body the server refused (413) can read the refusal.
 * The server answers, then reads and discards the rest (lingering close, as nginx does) before
 * closing, so the client's send does not end in a broken pipe or a reset that destroys the answer.
 */
class LingeringCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int LIMIT = 1024 * 1024;
  private static final int BODY = 64 * 1024 * 1024;

  private static RpcServer server(TcpConfig.Model model) {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
    return new RpcServer(
            new HttpServerBinding(transport, HttpServerSettings.defaults().withMaxBodyBytes(LIMIT)),
            Endpoint.of("127.0.0.1", 0))
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .start();
  }

  private static final String PYTHON =
      """
      import http.client, sys
      c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=60)
      c.request('POST', '/RPC2', b'x' * (64 * 1024 * 1024), {'Content-Type': 'text/xml'})
      r = c.getresponse()
      print(r.status)
      print(r.read().decode().strip())
      """;

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "MULTIPLEX"})
  void pythonPostingSixtyFourMegabytesReads413AndTheLimit(TcpConfig.Model model) throws Exception {
    assertEquals(
        TcpConfig.Model.MULTIPLEX,
        TcpConfig.defaults().model(),
        "the default model is tested here");
    try (RpcServer server = server(model);
        ChildProcess python =
            ChildProcess.start(List.of("python3", "-c", PYTHON, String.valueOf(server.port())))) {
      ChildProcess.Result result = python.await(WAIT);
      assertEquals(0, result.exit(), result::toString);
      List<String> lines = result.stdout().lines().toList();
      assertEquals("413", lines.get(0), result::toString);
      assertTrue(lines.get(1).contains("exceeds the limit of " + LIMIT), result::toString);
    }
  }

  /** The same with a plain Java socket: send the whole request, only then read. */
  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "MULTIPLEX"})
  void socketClientSendingEverythingFirstReads413(TcpConfig.Model model) throws Exception {
    try (RpcServer server = server(model);
        Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), server.port()),
          10_000);
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
                  + BODY
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < BODY; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      for (int i = 0; i < 8192 && !head.toString().endsWith("\r\n\r\n"); i++) {
        int b = in.read();
        assertTrue(b >= 0, () -> "end of stream after " + head);
        head.append((char) b);
      }
      assertTrue(head.toString().startsWith("HTTP/1.1 413 "), head::toString);
      assertTrue(head.toString().contains("Connection: close"), head::toString);
      int length =
          Integer.parseInt(head.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
      String text = new String(in.readNBytes(length), UTF_8);
      assertTrue(text.contains("exceeds the limit of " + LIMIT), text);
    }
  }
}
