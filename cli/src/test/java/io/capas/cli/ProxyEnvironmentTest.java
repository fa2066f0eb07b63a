package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEnvironmentTest {
  private static final URI HTTP = URI.create("http://api.example.com:8000/RPC2");
  private static final URI HTTPS = URI.create("https://api.example.com/RPC2");

  @Test
  void eachSchemeHasItsVariableLowerCaseFirst() {
    Map<String, String> env =
        Map.of(
            "http_proxy", "http://lower:3128",
            "HTTP_PROXY", "http://upper:3128",
            "HTTPS_PROXY", "proxy.example.com:8080");
    assertEquals(URI.create("http://lower:3128"), ProxyEnvironment.proxyFor(HTTP, env));
    assertEquals(
        URI.create("http://proxy.example.com:8080"), ProxyEnvironment.proxyFor(HTTPS, env));
    assertEquals(
        URI.create("http://upper:3128"),
        ProxyEnvironment.proxyFor(HTTP, Map.of("HTTP_PROXY", "http://upper:3128")));
  }

  @Test
  void noProxyAndOtherSchemesConnectDirectly() {
    Map<String, String> proxied = Map.of("http_proxy", "http://p:3128", "https_proxy", "p:1");
    assertNull(ProxyEnvironment.proxyFor(URI.create("scgi://api.example.com:5000"), proxied));
    assertNull(ProxyEnvironment.proxyFor(URI.create("framed://api.example.com:5000"), proxied));
    assertNull(ProxyEnvironment.proxyFor(HTTP, Map.of()));
    assertNull(ProxyEnvironment.proxyFor(HTTP, Map.of("http_proxy", "")));
    for (String noProxy :
        new String[] {
          "*", "example.com", ".example.com", "other, api.example.com", "API.example.COM"
        }) {
      assertNull(
          ProxyEnvironment.proxyFor(
              HTTP, Map.of("http_proxy", "http://p:3128", "no_proxy", noProxy)),
          noProxy);
    }
    assertNull(
        ProxyEnvironment.proxyFor(HTTPS, Map.of("https_proxy", "p:1", "NO_PROXY", "example.com")));
    assertEquals(
        URI.create("http://p:3128"),
        ProxyEnvironment.proxyFor(
            HTTP, Map.of("http_proxy", "http://p:3128", "no_proxy", "ample.com,localhost")));
  }

  @Test
  void aMalformedProxyIsAUsageError() {
    assertThrows(
        Main.UsageException.class,
        () -> ProxyEnvironment.proxyFor(HTTP, Map.of("http_proxy", "http://bad host:1")));
  }
}
