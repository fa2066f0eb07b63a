package io.capas.guide.migration.capas;

import io.capas.rpc.RpcFault;
import io.capas.rpc.XmlRpcMethod;

// guide:begin handler
/** Only the annotated methods are callable; one instance serves every call. */
public class Calculator {
  @XmlRpcMethod(help = "Adds two integers.")
  public int add(int a, int b) {
    return a + b;
  }

  @XmlRpcMethod(help = "Divides; fault 1 for a zero divisor.")
  public double divide(double a, double b) {
    if (b == 0) {
      throw new RpcFault(1, "division by zero");
    }
    return a / b;
  }
}
// guide:end handler
