package io.capas.rpc;

import io.capas.framing.ScgiHeaders;
import io.capas.http.Headers;
import io.capas.transport.Connection;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over SCGI, client side: one connection per call; the request is the netstring of CGI
 * headers and the encoded call in one write, the answer a CGI response read by {@link
 * CgiResponseReader}. The call's deadline bounds all of it (connect, write, every read), and a
 * watchdog closes the connection when it passes. Nothing is retried. Safe for concurrent use.
 */
final class ScgiInvoker implements Invoker {
  private final ScgiClientSettings settings;

  ScgiInvoker(ScgiClientSettings settings) {
    this.settings = settings;
  }

  @Override
  public String target() {
    return settings.url();
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    return invoke(method, params, timeout, Headers.empty());
  }

  @Override
  public @Nullable Object invoke(
      String method, List<@Nullable Object> params, Duration timeout, Headers extra) {
    CallDeadline deadline = CallDeadline.start(timeout);
    byte[] request = request(method, params, timeout, extra);
    Connection connection =
        deadline.connect(
            settings.dialer(),
            settings.endpoint(),
            settings.connectTimeout(),
            method,
            target(),
            timeout);
    deadline.watch(connection::close);
    try {
      Tracer tracer = settings.tracer();
      if (tracer != null) {
        tracer.sent(request, 0, request.length);
      }
      OutputStream out = connection.output();
      out.write(request);
      out.flush();
      CgiResponseReader.Response response =
          new CgiResponseReader(
                  new BufferedInputStream(new DeadlineInput(connection, deadline)),
                  settings.maxHeadBytes(),
                  settings.maxResponseBytes())
              .read();
      if (tracer != null) {
        tracer.received(response.body(), 0, response.body().length);
      }
      if (response.status() != 200) {
        throw new ProtocolException("SCGI status " + response.status() + " " + response.reason());
      }
      MethodResponse decoded =
          settings.codec().readResponse(new ByteArrayInputStream(response.body()));
      if (decoded instanceof Fault fault) {
        throw new RpcFault(method, fault.code(), fault.message());
      }
      return ((MethodResponse.Success) decoded).value();
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw Failures.cancelled(method, target(), e);
      }
      if (deadline.passed()) {
        throw Failures.timeout(method, target(), timeout);
      }
      throw Failures.map(e, method, target(), timeout);
    } finally {
      deadline.disarm();
      connection.close();
    }
  }

  /** The netstring of CGI headers and the encoded call, in one array. */
  private byte[] request(
      String method, List<@Nullable Object> params, Duration timeout, Headers extra) {
    ByteSink body = new ByteSink(512);
    try {
      settings.codec().writeCall(new MethodCall(method, params), body);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    Map<String, String> cgi = new LinkedHashMap<>();
    cgi.put("REQUEST_METHOD", "POST");
    cgi.put("REQUEST_URI", settings.path());
    cgi.put("CONTENT_TYPE", "text/xml");
    cgi.put("SERVER_PROTOCOL", "HTTP/1.1");
    // A capas server bounds the handler's CallContext by the caller's timeout, as over HTTP.
    cgi.put(cgiName(CallContext.TIMEOUT_HEADER), Long.toString(Math.max(1, timeout.toMillis())));
    if (!settings.basicAuthorization().isEmpty()) {
      cgi.put("HTTP_AUTHORIZATION", settings.basicAuthorization());
    }
    for (int i = 0; i < extra.size(); i++) {
      cgi.putIfAbsent(cgiName(extra.name(i)), extra.value(i));
    }
    byte[] head = ScgiHeaders.of(body.size(), cgi).encodeHead();
    byte[] request = new byte[head.length + body.size()];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body.array(), 0, request, head.length, body.size());
    return request;
  }

  /** An HTTP header's CGI name: {@code Capas-Timeout} is {@code HTTP_CAPAS_TIMEOUT}. */
  static String cgiName(String httpName) {
    return "HTTP_" + httpName.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public void close() {
    // Nothing pooled: every call closes its connection.
  }

  /** The connection's input with what is left of the call's deadline applied to every read. */
  private static final class DeadlineInput extends InputStream {
    private final Connection connection;
    private final InputStream in;
    private final CallDeadline deadline;

    DeadlineInput(Connection connection, CallDeadline deadline) {
      this.connection = connection;
      this.in = connection.input();
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Duration left = deadline.readTimeout();
      connection.readTimeout(left);
      return in.read(b, off, len);
    }
  }
}
