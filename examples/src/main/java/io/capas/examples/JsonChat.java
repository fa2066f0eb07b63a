package io.capas.examples;

import static java.lang.System.Logger.Level.DEBUG;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.framing.PaddedChunkEncoder;
import io.capas.framing.PaddedChunkReader;
import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.socket.Threads;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networking tutorial's JSON chat: a threaded server and a client exchanging JSON messages in
 * padded chunks (a 4-byte big-endian length, then the payload zero-padded to a multiple of 60
 * bytes; capas's {@link PaddedChunkEncoder} and {@link PaddedChunkReader}). The client sends {@code
 * {"mensaje": TEXT}}; the server answers {@code {"respuesta": "Respuesta asociada al mensaje:
 * TEXT"}}, each client on its own thread.
 *
 * <p>Limits: {@value #MAX_PAYLOAD} bytes a message, {@value #MAX_CLIENTS} clients at once (one more
 * is closed at once), {@value #MAX_MESSAGES} messages a connection. Bad JSON ends that client's
 * connection. Safe for concurrent use; {@link #close()} stops the server and its clients.
 */
public final class JsonChat implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(JsonChat.class.getName());

  /** The default port. */
  public static final int PORT = 7783;

  /** The chunk size the payload is padded to. */
  public static final int CHUNK = 60;

  /** The largest message payload. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  /** The most clients served at once. */
  public static final int MAX_CLIENTS = 64;

  /** The most messages one connection may send. */
  public static final int MAX_MESSAGES = 100_000;

  /** The start of every answer. */
  public static final String ANSWER_PREFIX = "Respuesta asociada al mensaje: ";

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final PaddedChunkEncoder ENCODER = new PaddedChunkEncoder(CHUNK);

  private final TcpServer listener;
  private final Thread acceptor;
  private final Set<TcpClient> clients = ConcurrentHashMap.newKeySet();

  private JsonChat(TcpServer listener) {
    this.listener = listener;
    this.acceptor = Threads.start("chat-accept-" + listener.port(), this::acceptLoop);
  }

  /** Listens on {@code host} and {@code port} (0: a free one). */
  public static JsonChat start(String host, int port) throws IOException {
    return new JsonChat(TcpMaster.create().bind(host, port).listen(MAX_CLIENTS));
  }

  public InetSocketAddress address() {
    return listener.localAddress();
  }

  /** The server's answer to {@code message}. */
  public static String answer(String message) {
    return ANSWER_PREFIX + message;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      TcpClient client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "chat accept ended: " + e);
        continue;
      }
      if (clients.size() >= MAX_CLIENTS) {
        client.close();
        continue;
      }
      clients.add(client);
      Threads.start(() -> serve(client));
    }
  }

  private void serve(TcpClient client) {
    try (client) {
      client.readTimeout(TIMEOUT);
      PaddedChunkReader in = new PaddedChunkReader(client.input(), CHUNK, MAX_PAYLOAD);
      for (int i = 0; i < MAX_MESSAGES; i++) {
        Optional<byte[]> payload = in.read();
        if (payload.isEmpty()) {
          return;
        }
        String message = message(payload.get(), "mensaje");
        send(client, Map.of("respuesta", answer(message)));
      }
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> "chat client " + client + " ended: " + e);
    } finally {
      clients.remove(client);
    }
  }

  private static void send(TcpClient connection, Map<String, String> members) throws IOException {
    connection.sendAll(ENCODER.encode(FlatJson.write(members).getBytes(UTF_8)));
  }

  private static String message(byte[] payload, String member) throws ProtocolException {
    String value = FlatJson.read(new String(payload, UTF_8)).get(member);
    if (value == null) {
      throw new ProtocolException("JSON message without \"" + member + "\"");
    }
    return value;
  }

  /** Sends each message to the chat at {@code host:port}, printing and returning the answers. */
  public static List<String> client(String host, int port, List<String> messages, PrintStream out)
      throws IOException {
    try (TcpClient connection = TcpMaster.create().timeout(TIMEOUT).connect(host, port)) {
      PaddedChunkReader in = new PaddedChunkReader(connection.input(), CHUNK, MAX_PAYLOAD);
      List<String> answers = new ArrayList<>(messages.size());
      for (String text : messages) {
        send(connection, Map.of("mensaje", text));
        byte[] payload = in.read().orElseThrow(() -> new EOFException("the server closed"));
        String answer = message(payload, "respuesta");
        out.println(answer);
        answers.add(answer);
      }
      return answers;
    }
  }

  @Override
  public void close() {
    listener.close();
    clients.forEach(TcpClient::close);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void serve(String host, int port, PrintStream out)
      throws InterruptedException, IOException {
    try (JsonChat chat = start(host, port)) {
      out.println("chat server listening on " + chat.address());
      chat.acceptor.join();
    }
  }
}
