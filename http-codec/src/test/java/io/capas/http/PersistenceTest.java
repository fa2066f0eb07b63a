package io.capas.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersistenceTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP_1_1 | ''                  | true",
        "HTTP_1_1 | close               | false",
        "HTTP_1_1 | Close               | false",
        "HTTP_1_1 | keep-alive          | true",
        "HTTP_1_1 | Upgrade, close      | false",
        "HTTP_1_0 | ''                  | false",
        "HTTP_1_0 | keep-alive          | true",
        "HTTP_1_0 | Keep-Alive          | true",
        "HTTP_1_0 | keep-alive, close   | false",
      })
  void keepAliveFollowsRfc9112(HttpVersion version, String connection, boolean expected) {
    Headers headers =
        connection.isEmpty()
            ? Headers.of("Host", "h")
            : Headers.of("Host", "h", "Connection", connection);
    assertEquals(expected, new RequestHead("GET", "/", version, headers).keepAlive());
    assertEquals(expected, new ResponseHead(version, HttpStatus.OK, headers).keepAlive());
  }

  @Test
  void headersCompareNamesCaseInsensitivelyAndKeepOrder() {
    Headers h = Headers.of("Accept", "a", "X-Two", "1", "accept", "b");
    assertEquals(List.of("a", "b"), h.all("ACCEPT"));
    assertEquals(Optional.of("a"), h.first("accept"));
    assertEquals("accept", h.name(2));
    assertTrue(h.contains("x-two"));
    assertFalse(h.contains("x-three"));
    assertEquals(Headers.of("ACCEPT", "a", "x-two", "1", "Accept", "b"), h);
    assertEquals(Headers.of("ACCEPT", "a", "x-two", "1", "Accept", "b").hashCode(), h.hashCode());
    Headers edited = h.toBuilder().set("Accept", "c").add("Y", " spaced ").build();
    assertEquals(List.of("X-Two", "Accept", "Y"), GoldenMessagesTest.names(edited));
    assertEquals("spaced", edited.first("y").orElseThrow());
    assertTrue(Headers.of("Connection", "keep-alive, Upgrade").hasToken("connection", "upgrade"));
  }

  @Test
  void headKnowsWhetherItDeclaresALength() {
    assertFalse(
        new RequestHead("POST", "/", HttpVersion.HTTP_1_1, Headers.of("Host", "h"))
            .declaresLength());
    assertTrue(
        new RequestHead("POST", "/", HttpVersion.HTTP_1_1, Headers.of("content-length", "0"))
            .declaresLength());
    assertTrue(
        new RequestHead(
                "POST", "/", HttpVersion.HTTP_1_1, Headers.of("Transfer-Encoding", "chunked"))
            .declaresLength());
  }

  @Test
  void statusKnowsItsReasonAndBodyRule() {
    assertEquals(HttpStatus.CONTENT_TOO_LARGE, HttpStatus.of(413));
    assertEquals("", HttpStatus.of(299).reason());
    assertTrue(HttpStatus.of(304).forbidsBody());
    assertFalse(HttpStatus.OK.forbidsBody());
  }
}
