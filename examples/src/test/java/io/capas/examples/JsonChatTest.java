package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.framing.PaddedChunkEncoder;
import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonChatTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void answersSeveralClientsAtOnce() throws Exception {
    int clients = 8;
    try (JsonChat chat = JsonChat.start("127.0.0.1", 0);
        ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      int port = chat.address().getPort();
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        List<String> messages =
            List.of("cliente " + c + " hola", "cliente " + c + " adiós", "x".repeat(150));
        runs.add(
            pool.submit(
                () ->
                    JsonChat.client(
                        "127.0.0.1",
                        port,
                        messages,
                        new PrintStream(new ByteArrayOutputStream(), true, UTF_8))));
      }
      for (int c = 0; c < clients; c++) {
        assertEquals(
            List.of(
                "Respuesta asociada al mensaje: cliente " + c + " hola",
                "Respuesta asociada al mensaje: cliente " + c + " adiós",
                "Respuesta asociada al mensaje: " + "x".repeat(150)),
            runs.get(c).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void answersInPaddedSixtyByteChunks() throws Exception {
    try (JsonChat chat = JsonChat.start("127.0.0.1", 0);
        TcpClient raw =
            TcpMaster.create().timeout(WAIT).connect("127.0.0.1", chat.address().getPort())) {
      byte[] json = "{\"mensaje\": \"hola\"}".getBytes(UTF_8);
      byte[] chunk = new byte[4 + 60];
      chunk[3] = (byte) json.length;
      System.arraycopy(json, 0, chunk, 4, json.length);
      raw.sendAll(chunk);
      String expected = "{\"respuesta\": \"Respuesta asociada al mensaje: hola\"}";
      byte[] header = raw.receiveExactly(4);
      assertArrayEquals(new byte[] {0, 0, 0, (byte) expected.length()}, header);
      byte[] body = raw.receiveExactly(60); // 52 bytes of JSON, 8 of zero padding
      assertEquals(expected, new String(body, 0, expected.length(), UTF_8));
      for (int i = expected.length(); i < 60; i++) {
        assertEquals(0, body[i]);
      }
    }
  }

  @Test
  void closesAConnectionThatSendsBadJson() throws Exception {
    try (JsonChat chat = JsonChat.start("127.0.0.1", 0);
        TcpClient raw =
            TcpMaster.create().timeout(WAIT).connect("127.0.0.1", chat.address().getPort())) {
      raw.sendAll(new PaddedChunkEncoder(60).encode("[1, 2]".getBytes(UTF_8)));
      assertEquals(0, raw.receiveSome(100).length);
    }
  }

  @Test
  void flatJsonRoundTripsEscapes() throws ProtocolException {
    Map<String, String> members = Map.of("mensaje", "comillas \" barra \\ línea\nfin\u0001");
    assertEquals(members, FlatJson.read(FlatJson.write(members)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"a\": 1}",
        "{\"a\": \"b\"",
        "{\"a\" \"b\"}",
        "{\"a\": \"b\"} x",
        "{\"a\": \"\\q\"}",
        "{\"a\": \"\\u12\"}",
        "{\"a\": {\"b\": \"c\"}}"
      })
  void flatJsonRefusesAnythingElse(String json) {
    assertThrows(ProtocolException.class, () -> FlatJson.read(json));
  }
}
