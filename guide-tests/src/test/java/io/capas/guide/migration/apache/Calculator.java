package io.capas.guide.migration.apache;

// guide:begin handler
/** A handler class: every public method is callable, one new instance per request. */
public class Calculator {
  public int add(int a, int b) {
    return a + b;
  }

  public double divide(double a, double b) throws org.apache.xmlrpc.XmlRpcException {
    if (b == 0) {
      throw new org.apache.xmlrpc.XmlRpcException(1, "division by zero");
    }
    return a / b;
  }
}
// guide:end handler
