package io.capas.guide.migration.capas;

// guide:begin client
import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.util.List;

public final class AddClient {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://localhost:8000/RPC2";
    try (Client proxy = Client.connect(url)) {
      System.out.println(proxy.call("add", 2, 3)); // 5
      List<MethodResponse> results =
          proxy.multicall(List.of(MethodCall.of("add", 1, 2), MethodCall.of("add", 3, 4)));
      System.out.println(results); // [Success[value=3], Success[value=7]]
      try {
        proxy.call("nosuch");
      } catch (RpcFault fault) {
        System.out.println("fault " + fault.code());
      }
    }
  }
}
// guide:end client
