package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.TypeToken;
import io.capas.rpc.CallContext;
import io.capas.rpc.Client;
import io.capas.rpc.ClientOptions;
import io.capas.rpc.ClientSchemes;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.MultiEndpointSettings;
import io.capas.rpc.Multicall;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.XmlRpcMethod;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/guide/clients.md, run against one HTTP and one framed server. */
class ClientsGuideTest {
  private static final TcpTransport TRANSPORT =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private static final CountDownLatch NEVER = new CountDownLatch(1);
  private static RpcServer http;
  private static RpcServer framed;
  private static int port;
  private static int framedPort;

  /** The server's methods. */
  public static final class Methods {
    @XmlRpcMethod
    public int add(int a, int b) {
      return a + b;
    }

    @XmlRpcMethod
    public String whoami() {
      return CallContext.current().header("X-User").orElse("nobody");
    }

    @XmlRpcMethod
    public boolean sleep() throws InterruptedException {
      return NEVER.await(30, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void start() {
    http = RpcServer.http(TRANSPORT, Endpoint.of("localhost", 0)).addObject(new Methods()).start();
    framed =
        RpcServer.framed(TRANSPORT, Endpoint.of("localhost", 0)).addObject(new Methods()).start();
    port = http.port();
    framedPort = framed.port();
  }

  @AfterAll
  static void stop() {
    NEVER.countDown(); // releases the handlers of the calls that timed out or were cancelled
    http.close();
    framed.close();
  }

  // guide:begin proxy-interface
  interface Calculator {
    int add(int a, int b);
  }

  // guide:end proxy-interface

  @Test
  void bindingsAndTimeouts() {
    // guide:begin http
    Client client =
        HttpClientSettings.builder()
            .endpoint("localhost", port) // or .url("http://localhost:8000/RPC2")
            .connectTimeout(Duration.ofSeconds(2))
            .timeout(Duration.ofSeconds(10)) // the whole call: lookup, connect, write, read
            .maxIdleConnections(8) // kept-alive connections reused by later calls
            .build()
            .client();
    // guide:end http
    try (client) {
      assertEquals(5, client.call("add", 2, 3));
      // guide:begin timeout
      try {
        client.withTimeout(Duration.ofMillis(200)).call("sleep"); // this call only
      } catch (RpcException e) {
        System.out.println(e.kind()); // TIMEOUT
      }
      // guide:end timeout
      RpcException late =
          assertThrows(
              RpcException.class, () -> client.withTimeout(Duration.ofMillis(200)).call("sleep"));
      assertEquals(RpcException.Kind.TIMEOUT, late.kind());
      // guide:begin proxy
      Calculator calculator = client.proxy(Calculator.class); // add -> "add"
      int five = calculator.add(2, 3);
      Calculator prefixed = client.proxy("calc", Calculator.class); // add -> "calc.add"
      // guide:end proxy
      assertEquals(5, five);
      RpcFault missing = assertThrows(RpcFault.class, () -> prefixed.add(1, 1));
      assertEquals(-32601, missing.code());
    }
  }

  @Test
  void framedSchemesAndProxies() {
    // guide:begin framed
    Client pipelined =
        FramedClientSettings.builder()
            .endpoint("localhost", framedPort)
            .pipelined() // any number of threads share one connection
            .build()
            .client();
    // guide:end framed
    // guide:begin schemes
    Client byUrl =
        ClientSchemes.defaults()
            .client(
                "framed://localhost:" + framedPort, // http, https, unix, http+unix, framed, scgi
                ClientOptions.defaults().withTimeout(Duration.ofSeconds(5)));
    // guide:end schemes
    // guide:begin http-proxy
    HttpClientSettings viaProxy =
        HttpClientSettings.builder()
            .url("https://api.example.com/RPC2")
            .proxy(URI.create("http://user:secret@proxy.example.com:3128")) // CONNECT for https
            .build();
    // guide:end http-proxy
    try (pipelined;
        byUrl) {
      assertEquals(3, pipelined.call("add", 1, 2));
      assertEquals(4, byUrl.call("add", 2, 2));
      assertNotNull(viaProxy.proxy());
    }
  }

  @Test
  void asyncCancelInterceptorsAndMulticall() throws Exception {
    try (Client client = Client.connect("localhost", port)) {
      // guide:begin async
      CompletableFuture<Object> sum = client.callAsync("add", 20, 22);
      CompletableFuture<Object> slow = client.callAsync("sleep");
      slow.cancel(true); // aborts the call and closes its connection
      Object result = sum.get(); // 42
      // guide:end async
      assertEquals(42, result);
      assertThrows(CancellationException.class, slow::get);
      // guide:begin interceptor
      Client alice =
          client.withInterceptor((call, next) -> next.proceed(call.withHeader("X-User", "alice")));
      String user = (String) alice.call("whoami"); // "alice": the server reads the header
      // guide:end interceptor
      assertEquals("alice", user);
      // guide:begin multicall
      List<MethodResponse> answers =
          client.multicall(
              List.of(
                  MethodCall.of("add", 1, 2), MethodCall.of("nosuch"), MethodCall.of("add", 3, 4)));
      for (MethodResponse answer : answers) {
        switch (answer) {
          case MethodResponse.Success success -> System.out.println(success.value());
          case Fault fault -> System.out.println(fault.code() + " " + fault.message());
        }
      }
      // guide:end multicall
      assertEquals(MethodResponse.success(3), answers.get(0));
      assertEquals(-32601, assertInstanceOf(Fault.class, answers.get(1)).code());
      assertEquals(MethodResponse.success(7), answers.get(2));
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  @Test
  void typedMulticall() {
    try (Client client = Client.connect("localhost", port)) {
      // guide:begin typed-multicall
      Multicall batch = client.multicall();
      Multicall.Result<Integer> sum = batch.add(Integer.class, "add", 1, 2);
      Multicall.Result<List<String>> names =
          batch.add(new TypeToken<List<String>>() {}, "system.listMethods");
      Multicall.Result<Integer> missing = batch.add(Integer.class, "nosuch");
      batch.send(); // one request for the three
      int three = sum.get();
      List<String> methods = names.get();
      RpcFault fault = assertThrows(RpcFault.class, missing::get); // this call's own fault
      // guide:end typed-multicall
      assertEquals(3, three);
      assertTrue(methods.contains("add"), methods.toString());
      assertEquals(-32601, fault.code());
      assertThrows(IllegalStateException.class, batch::send); // a batch is sent once
    }
  }

  @Test
  void severalServers() {
    OperationsGuideTest.CallCounter firstCalls = new OperationsGuideTest.CallCounter();
    OperationsGuideTest.CallCounter secondCalls = new OperationsGuideTest.CallCounter();
    RpcServer gone = RpcServer.http(TRANSPORT, Endpoint.of("127.0.0.1", 0)).start();
    String stopped = gone.url();
    gone.close(); // nothing accepts there any more: connections are refused
    try (RpcServer first =
            RpcServer.http(TRANSPORT, Endpoint.of("127.0.0.1", 0))
                .listen(firstCalls)
                .addObject(new Methods())
                .start();
        RpcServer second =
            RpcServer.http(TRANSPORT, Endpoint.of("127.0.0.1", 0))
                .listen(secondCalls)
                .addObject(new Methods())
                .start()) {
      // guide:begin several
      Client any = Client.connect(List.of(first.url(), second.url(), stopped)); // round-robin
      // guide:end several
      try (any) {
        for (int i = 0; i < 6; i++) {
          assertEquals(5, any.call("add", 2, 3)); // the stopped one is skipped, no call fails
        }
      }
      assertTrue(firstCalls.counts.get("add ok").sum() >= 2);
      assertTrue(secondCalls.counts.get("add ok").sum() >= 2);
      // guide:begin every-address
      Client client =
          MultiEndpointSettings.builder()
              .everyAddressOf("http://localhost:" + first.port() + "/RPC2") // one per address
              .policy(MultiEndpointSettings.Policy.PICK_FIRST)
              .ejection(Duration.ofMillis(500), Duration.ofSeconds(30)) // backoff when refused
              .timeout(Duration.ofSeconds(10))
              .build()
              .client();
      // guide:end every-address
      try (client) {
        assertEquals(7, client.call("add", 3, 4));
      }
    }
  }
}
