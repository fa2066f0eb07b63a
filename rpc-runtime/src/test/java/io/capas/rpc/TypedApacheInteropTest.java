package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.webserver.WebServer;
import org.junit.jupiter.api.Test;

/**
 * Apache XML-RPC 3.1.3's {@code ex:bigdecimal} and {@code ex:biginteger} (issue 15): read always,
 * written when {@link TypeMapping.Builder#apacheBigNumbers} is on, both ways with Apache peers.
 */
class TypedApacheInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Apache instantiates handler classes itself: public, no-arg constructor. */
  public static class ApacheNumbers {
    public BigDecimal twice(BigDecimal value) {
      return value.multiply(BigDecimal.valueOf(2));
    }

    public BigInteger next(BigInteger value) {
      return value.add(BigInteger.ONE);
    }
  }

  interface Numbers {
    @XmlRpcMethod(name = "numbers.twice")
    BigDecimal twice(BigDecimal value);

    @XmlRpcMethod(name = "numbers.next")
    BigInteger next(BigInteger value);
  }

  @Test
  void capasWritesAndReadsExFormsWithAnApacheServer() throws Exception {
    WebServer web = new WebServer(0, InetAddress.getLoopbackAddress());
    PropertyHandlerMapping mapping = new PropertyHandlerMapping();
    mapping.addHandler("numbers", ApacheNumbers.class);
    web.getXmlRpcServer().setHandlerMapping(mapping);
    ((XmlRpcServerConfigImpl) web.getXmlRpcServer().getConfig()).setEnabledForExtensions(true);
    web.start();
    try (Client client =
        HttpClientSettings.builder()
            .endpoint("127.0.0.1", web.getPort())
            .timeout(WAIT)
            .build()
            .client()
            .withTypeMapping(TypeMapping.builder().apacheBigNumbers(true).build())) {
      Numbers numbers = client.proxy(Numbers.class);
      assertEquals(
          new BigDecimal("24691357802469135780.000000002"),
          numbers.twice(new BigDecimal("12345678901234567890.000000001")));
      assertEquals(
          new BigInteger("100000000000000000000000000000"),
          numbers.next(new BigInteger("99999999999999999999999999999")));
      // The plain client sees what Apache sent: the ex: values themselves.
      assertEquals(new BigDecimal("3.0"), client.call("numbers.twice", new BigDecimal("1.5")));
    } finally {
      web.shutdown();
    }
  }

  @Test
  void apacheReadsExFormsFromACapasServerWhenEnabledAndStringsOtherwise() throws Exception {
    try (RpcServer exForms =
            TypedFixtures.server()
                .typeMapping(TypeMapping.builder().apacheBigNumbers(true).build())
                .addMethod("twice", BigDecimal.class, d -> d.multiply(BigDecimal.valueOf(2)))
                .addMethod("next", BigInteger.class, i -> i.add(BigInteger.ONE))
                .start();
        RpcServer strings =
            TypedFixtures.server()
                .addMethod("twice", BigDecimal.class, d -> d.multiply(BigDecimal.valueOf(2)))
                .start()) {
      XmlRpcClient apache = apache(exForms.url());
      assertEquals(
          new BigDecimal("2.50"), apache.execute("twice", new Object[] {new BigDecimal("1.25")}));
      assertEquals(
          new BigInteger("12345678901234567890"),
          apache.execute("next", new Object[] {new BigInteger("12345678901234567889")}));
      // Without the setting: the string form, which any peer reads (and Apache's ex: is read).
      assertEquals("2.50", apache(strings.url()).execute("twice", new Object[] {"1.25"}));
      assertEquals(
          "2.50", apache(strings.url()).execute("twice", new Object[] {new BigDecimal("1.25")}));
    }
  }

  private static XmlRpcClient apache(String url) throws Exception {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(URI.create(url).toURL());
    config.setEnabledForExtensions(true);
    config.setConnectionTimeout((int) WAIT.toMillis());
    config.setReplyTimeout((int) WAIT.toMillis());
    XmlRpcClient apache = new XmlRpcClient();
    apache.setConfig(config);
    return apache;
  }
}
