package io.capas.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.TricklingInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte-exact requests and responses captured from Python 3's xmlrpc.client and xmlrpc.server over a
 * local socket (src/test/python/capture_golden.py).
 */
class PythonGoldenTest {
  private final MethodCallReader calls = MethodCallReader.create();
  private final MethodResponseReader responses = MethodResponseReader.create();

  @Test
  void readsPythonSumaCall() throws IOException {
    MethodCall call = calls.read(Golden.bytes("python/suma.request.xml"));
    assertEquals(MethodCall.of("suma", 2, 3), call);
  }

  @Test
  void readsPythonSumaResponse() throws IOException {
    MethodResponse response = responses.read(Golden.bytes("python/suma.response.xml"));
    assertEquals(MethodResponse.success(5), response);
  }

  @Test
  void readsPythonNilResponse() throws IOException {
    assertEquals(
        MethodResponse.success(null), responses.read(Golden.bytes("python/nothing.response.xml")));
    assertEquals(MethodCall.of("nothing"), calls.read(Golden.bytes("python/nothing.request.xml")));
  }

  @Test
  void readsPythonFaults() throws IOException {
    assertEquals(
        new Fault(1, "<class 'Exception'>:method \"no.such.method\" is not supported"),
        responses.read(Golden.bytes("python/unknown-method.response.xml")));
    MethodResponse bad = responses.read(Golden.bytes("python/bad-params.response.xml"));
    assertEquals(1, assertInstanceOf(Fault.class, bad).code());
  }

  @Test
  void readsPythonRequestWithEveryType() throws IOException {
    MethodCall call = calls.read(Golden.bytes("python/echo-struct.request.xml"));
    assertEquals("echo", call.methodName());
    // Python sends a literal CR, which XML turns into LF (Python does not write &#13;).
    assertEquals(
        PlainValues.comparable(List.of(everything("a < b & c > d\nline two\ttab"))),
        PlainValues.comparable(call.params()));
  }

  @Test
  void readsPythonResponseWithEveryType() throws IOException {
    MethodResponse response = responses.read(Golden.bytes("python/echo-struct.response.xml"));
    MethodResponse.Success success = assertInstanceOf(MethodResponse.Success.class, response);
    assertEquals(
        PlainValues.comparable(everything("a < b & c > d\nline two\ttab")),
        PlainValues.comparable(success.value()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "suma.request.xml",
        "echo-struct.request.xml",
        "nothing.request.xml",
        "unknown-method.request.xml",
        "bad-params.request.xml"
      })
  void readsPythonRequestsTrickledAtAnyChunking(String name) throws IOException {
    byte[] wire = Golden.bytes("python/" + name);
    MethodCall whole = calls.read(wire);
    assertEquals(
        PlainValues.comparable(whole.params()),
        PlainValues.comparable(calls.read(TricklingInputStream.oneByteAtATime(wire)).params()));
    for (long seed = 0; seed < 20; seed++) {
      assertEquals(
          whole.methodName(), calls.read(TricklingInputStream.of(wire, seed)).methodName());
      assertEquals(
          PlainValues.comparable(whole.params()),
          PlainValues.comparable(calls.read(TricklingInputStream.of(wire, seed, 7)).params()));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "suma.response.xml",
        "echo-struct.response.xml",
        "nothing.response.xml",
        "unknown-method.response.xml",
        "bad-params.response.xml"
      })
  void readsPythonResponsesOneByteAtATime(String name) throws IOException {
    byte[] wire = Golden.bytes("python/" + name);
    assertEquals(
        comparable(responses.read(wire)),
        comparable(responses.read(TricklingInputStream.oneByteAtATime(wire))));
  }

  @Test
  void pythonReadsWhatWeWriteIsCoveredByTheSameShapes() throws IOException {
    // Our own bytes for the same call read back to the same values Python's bytes give.
    byte[] ours =
        MethodCallWriter.create().toBytes(calls.read(Golden.bytes("python/suma.request.xml")));
    assertArrayEquals(
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>suma</methodName>"
                + "<params><param><value><int>2</int></value></param><param><value><int>3</int>"
                + "</value></param></params></methodCall>\n")
            .getBytes(StandardCharsets.UTF_8),
        ours);
  }

  static @Nullable Object comparable(MethodResponse response) {
    return response instanceof MethodResponse.Success s
        ? PlainValues.comparable(s.value())
        : response;
  }

  private static Map<String, Object> everything(String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("int", 42);
    m.put("negative", Integer.MIN_VALUE);
    m.put("true", true);
    m.put("false", false);
    m.put("text", text);
    m.put("unicode", "\u00e9\u00e8 \u20ac \uD83D\uDE00 \u4e2d");
    m.put("empty", "");
    m.put("spaces", "  padded  ");
    m.put("double", 3.25);
    m.put("big", 1e20);
    m.put("small", 1.5e-7);
    m.put("date", LocalDateTime.of(1998, 7, 17, 14, 8, 55));
    byte[] bytes = new byte[100];
    for (int i = 0; i < 100; i++) {
      bytes[i] = (byte) i;
    }
    m.put("bytes", bytes);
    List<Object> inner = new ArrayList<>();
    inner.add(3.0);
    inner.add(Map.of("four", 4));
    m.put("list", List.of(1, "two", inner, List.of()));
    m.put("struct", Map.of("nested", Map.of("deeper", Map.of())));
    m.put("none", null);
    return m;
  }
}
