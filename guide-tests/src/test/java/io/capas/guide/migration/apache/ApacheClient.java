package io.capas.guide.migration.apache;

import java.net.MalformedURLException;
import java.net.URI;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/** Apache's client, as the migration page shows it. */
public final class ApacheClient {
  private ApacheClient() {}

  /** Calls {@code Calculator.add(2, 3)} at {@code url}. */
  public static Object add(String url) throws MalformedURLException, XmlRpcException {
    // guide:begin client
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(URI.create(url).toURL()); // e.g. http://localhost:8080/xmlrpc
    config.setConnectionTimeout(2_000);
    config.setReplyTimeout(10_000);
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    Object five = client.execute("Calculator.add", new Object[] {2, 3});
    // guide:end client
    return five;
  }

  /** Calls {@code Calculator.divide(a, b)} at {@code url}. */
  public static Object divide(String url, double a, double b)
      throws MalformedURLException, XmlRpcException {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(URI.create(url).toURL());
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    return client.execute("Calculator.divide", new Object[] {a, b});
  }
}
