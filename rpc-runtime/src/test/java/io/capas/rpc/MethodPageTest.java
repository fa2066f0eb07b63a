package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MethodPageTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\"";

  private final InMemoryTransport transport = InMemoryTransport.create();
  private RpcServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(HttpServerSettings settings) {
    server =
        new RpcServer(new HttpServerBinding(transport, settings), Endpoint.of("localhost", 0))
            .addFunction("suma", Integer.class, Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("evil", HOSTILE, List.of("string", "string"), p -> "x")
            .addMethod("loose", p -> p.size())
            .start();
  }

  private Connection raw() throws IOException {
    Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT);
    c.readTimeout(WAIT);
    return c;
  }

  private RawHttp.Response get(String target, String... headers) throws IOException {
    try (Connection c = raw()) {
      StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      c.sendAll(request.append("\r\n").toString().getBytes(ISO_8859_1));
      return RawHttp.read(c);
    }
  }

  @Test
  void escapeCoversTextAndAttributes() {
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", MethodPage.escape("<a href=\"x\">&'"));
    assertEquals("plain text", MethodPage.escape("plain text"));
  }

  @Test
  void namesHelpAndTitleAreEscaped() {
    String html =
        new String(
            MethodPage.of(
                    "<b>srv</b>",
                    List.of(
                        new MethodPage.Method(
                            "m\"><img src=x>", List.of(List.of("int", "<i>")), HOSTILE)))
                .html(),
            UTF_8);
    assertTrue(html.contains("<title>&lt;b&gt;srv&lt;/b&gt;</title>"), html);
    assertTrue(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"),
        html);
    assertTrue(html.contains("data-method=\"m&quot;&gt;&lt;img src=x&gt;\""), html);
    assertTrue(html.contains("int m&quot;&gt;&lt;img src=x&gt;(&lt;i&gt;)"), html);
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("<b>"), html);
    assertOnlyOwnScriptAndStyle(html);
  }

  @Test
  void pageIsOffByDefaultSoGetStays405() throws IOException {
    start(HttpServerSettings.defaults());
    for (String target : List.of("/RPC2", "/", "/RPC2?script", "/RPC2?style")) {
      RawHttp.Response r = get(target);
      assertEquals(405, r.status(), target);
      assertEquals("POST", r.header("Allow"), target);
    }
  }

  @Test
  void pageListsEveryMethodWithSignatureAndEscapedHelpUnderItsCsp() throws IOException {
    start(HttpServerSettings.defaults().withMethodPage(true).withServerName("Calc & Co"));
    RawHttp.Response r = get("/RPC2");
    assertEquals(200, r.status());
    assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
    assertEquals(MethodPage.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"));
    assertTrue(r.header("Content-Security-Policy").contains("script-src 'self'"));
    assertFalse(r.header("Content-Security-Policy").contains("unsafe"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    String html = r.text();
    assertTrue(html.contains("<h1>Calc &amp; Co</h1>"), html);
    assertTrue(html.contains("<code>int suma(int, int)</code>"), html);
    assertTrue(html.contains("<code>string evil(string)</code>"), html);
    assertTrue(html.contains("<code>loose(...)</code>"), html);
    assertTrue(html.contains("data-method=\"system.listMethods\""), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
    assertFalse(html.contains(HOSTILE), html);
    assertOnlyOwnScriptAndStyle(html);
    // The same page on the other endpoint path, and with a query it does not know.
    assertEquals(html, get("/").text());
    assertEquals(html, get("/RPC2?x=1").text());
  }

  @Test
  void scriptAndStyleComeFromTheJar() throws IOException {
    start(HttpServerSettings.defaults().withMethodPage(true));
    RawHttp.Response script = get("/RPC2?script");
    assertEquals(200, script.status());
    assertEquals("text/javascript; charset=utf-8", script.header("Content-Type"));
    assertArrayEquals(MethodPage.script(), script.body());
    assertTrue(script.text().contains("DOMParser"));
    RawHttp.Response style = get("/RPC2?style");
    assertEquals(200, style.status());
    assertEquals("text/css; charset=utf-8", style.header("Content-Type"));
    assertArrayEquals(MethodPage.style(), style.body());
    assertFalse(script.text().contains("eval("));
  }

  @Test
  void withThePageOtherMethodsAre405AllowingGetHeadAndPost() throws IOException {
    start(HttpServerSettings.defaults().withMethodPage(true));
    try (Connection c = raw()) {
      c.sendAll("DELETE /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(405, r.status());
      assertEquals("GET, HEAD, POST", r.header("Allow"));
      // The page and a call on the same kept-alive connection.
      c.sendAll("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
      assertEquals(200, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "2", "3")).getBytes(UTF_8));
      RawHttp.Response call = RawHttp.read(c);
      assertEquals(200, call.status());
      assertTrue(call.text().contains("<int>5</int>"), call.text());
    }
  }

  @Test
  void thePageAsksForCredentialsWhenTheServerDoes() throws IOException {
    start(HttpServerSettings.defaults().withMethodPage(true).withBasicAuth("ana", "s3cret"));
    assertEquals(401, get("/RPC2").status());
    assertEquals(401, get("/RPC2?script").status());
    String credentials =
        Base64.getEncoder().encodeToString("ana:s3cret".getBytes(StandardCharsets.UTF_8));
    RawHttp.Response r = get("/RPC2", "Authorization: Basic " + credentials);
    assertEquals(200, r.status());
    assertTrue(r.text().contains("suma"));
  }

  /** One script element, the page's own by URL; no inline style, no event handler attribute. */
  private static void assertOnlyOwnScriptAndStyle(String html) {
    Matcher scripts = Pattern.compile("<script").matcher(html);
    int count = 0;
    while (scripts.find()) {
      count++;
    }
    assertEquals(1, count, html);
    assertTrue(html.contains("<script src=\"?script\" defer></script>"), html);
    assertTrue(html.contains("<link rel=\"stylesheet\" href=\"?style\">"), html);
    assertFalse(html.contains("<style"), html);
    assertFalse(html.contains(" style="), html);
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), html);
  }
}
