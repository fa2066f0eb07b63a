package io.capas.benchmarks.clients;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.benchmarks.CannedHttp;
import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * One client of the client benchmark ({@code bench/clients.py}): sequential calls on one connection
 * for a number of seconds against a fast server, checking every answer; prints {@code calls=N
 * wrong=W seconds=S}.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.clients.ClientLoop \
 *     raw|capas|apache suma|struct|array URL SECONDS [REQUEST_BODY_FILE]
 * }</pre>
 *
 * <p>{@code raw} writes a canned request (the body file) and reads the response by its
 * Content-Length without parsing it: the ceiling no real client can beat.
 */
public final class ClientLoop {

  private ClientLoop() {}

  /** The same 1,000 ints as {@code bench/bodies.py}: 0 to 999. */
  static List<Integer> ints1000() {
    return IntStream.range(0, 1000).boxed().toList();
  }

  /** The same 50-member struct as {@code bench/bodies.py}. */
  static Map<String, Object> struct50() {
    Map<String, Object> members = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      switch (i % 5) {
        case 0 -> members.put(String.format("int%02d", i), i * 1000 + 7);
        case 1 -> members.put(String.format("str%02d", i), "value number " + i + " <&>");
        case 2 -> members.put(String.format("dbl%02d", i), i + 0.25);
        case 3 -> members.put(String.format("bool%02d", i), i % 2 == 1);
        default ->
            members.put(String.format("date%02d", i), LocalDateTime.of(1998, 7, 17, 14, 8, i % 60));
      }
    }
    return members;
  }

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String work = args[1];
    String url = args[2];
    long nanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
    Call call =
        switch (kind) {
          case "raw" -> raw(url, Files.readAllBytes(Path.of(args[4])), work);
          case "capas" -> capas(url, work);
          case "apache" -> apache(url, work);
          default -> throw new IllegalArgumentException("client is raw, capas or apache: " + kind);
        };
    for (int i = 0; i < 200; i++) {
      call.once(); // warm-up
    }
    long calls = 0;
    long wrong = 0;
    long start = System.nanoTime();
    long end = start + nanos;
    while (System.nanoTime() < end) {
      if (!call.once()) {
        wrong++;
      }
      calls++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("calls=%d wrong=%d seconds=%.3f%n", calls, wrong, seconds);
    System.exit(0);
  }

  interface Call {
    /** One call; true when the answer was right. */
    boolean once() throws Exception;
  }

  private static Call capas(String url, String work) {
    Client client =
        HttpClientSettings.builder().url(url).timeout(Duration.ofSeconds(10)).build().client();
    if (work.equals("suma")) {
      return () -> Objects.equals(client.call("suma", 2, 3), 5);
    }
    if (work.equals("array")) {
      List<Integer> ints = ints1000();
      return () -> client.call("echo", ints) instanceof List<?> l && l.size() == 1000;
    }
    Map<String, Object> struct = struct50();
    return () -> client.call("echo", struct) instanceof Map<?, ?> m && m.size() == 50;
  }

  private static Call apache(String url, String work) throws Exception {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(URI.create(url).toURL());
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    if (work.equals("suma")) {
      Object[] params = {2, 3};
      return () -> Objects.equals(client.execute("suma", params), 5);
    }
    if (work.equals("array")) {
      Object[] params = {ints1000().toArray()};
      return () -> client.execute("echo", params) instanceof Object[] a && a.length == 1000;
    }
    Map<String, Object> struct = new LinkedHashMap<>();
    // Apache's default type factory writes java.util.Date, not LocalDateTime.
    struct50()
        .forEach((k, v) -> struct.put(k, v instanceof LocalDateTime t ? Timestamp.valueOf(t) : v));
    Object[] params = {struct};
    return () -> client.execute("echo", params) instanceof Map<?, ?> m && m.size() == 50;
  }

  private static Call raw(String url, byte[] body, String work) throws IOException {
    URL target = URI.create(url).toURL();
    Socket socket = new Socket(InetAddress.getByName(target.getHost()), target.getPort());
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    byte[] head =
        ("POST "
                + target.getPath()
                + " HTTP/1.1\r\nHost: "
                + target.getHost()
                + ":"
                + target.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    byte[] marker =
        (switch (work) {
              case "suma" -> "5</int>";
              case "array" -> "<int>999</int></value>";
              default -> "</struct>";
            })
            .getBytes(US_ASCII);
    return () -> {
      out.write(request);
      byte[] response = CannedHttp.readResponse(in);
      return CannedHttp.contains(response, marker);
    };
  }

  static List<String> kinds() {
    return List.of("raw", "capas", "apache");
  }
}
