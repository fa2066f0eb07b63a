package io.capas.guide.start;

// guide:begin client
import io.capas.rpc.Client;

public final class CalculatorClient {
  interface Calculator {
    int suma(int a, int b);
  }

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://localhost:8000/RPC2";
    try (Client client = Client.connect(url)) {
      System.out.println(client.proxy(Calculator.class).suma(2, 3)); // 5
      System.out.println(client.call("suma", 40, 2)); // 42
    }
  }
}
// guide:end client
