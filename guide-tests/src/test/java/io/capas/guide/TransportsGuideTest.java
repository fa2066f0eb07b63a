package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.ClientOptions;
import io.capas.rpc.ClientSchemes;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.UnixTransport;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/guide/transports.md: the same method served and called over each binding and transport. */
class TransportsGuideTest {

  @Test
  void everyStreamBindingByUrl(@TempDir Path dir) {
    Path socket = dir.resolve("rpc.sock");
    // guide:begin stream
    TcpTransport tcp = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    UnixTransport unix = new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults());
    RpcServer http = RpcServer.http(tcp, Endpoint.of("localhost", 0));
    RpcServer framed = RpcServer.framed(tcp, Endpoint.of("localhost", 0));
    RpcServer scgi = RpcServer.scgi(tcp, Endpoint.of("127.0.0.1", 0)); // behind nginx's scgi_pass
    RpcServer local = RpcServer.http(unix, Endpoint.unix(socket)); // owner-only socket file
    // guide:end stream
    try (http;
        framed;
        scgi;
        local) {
      for (RpcServer server : new RpcServer[] {http, framed, scgi, local}) {
        server.addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b).start();
      }
      String[] urls = {
        http.url(),
        "framed://localhost:" + framed.port(),
        "scgi://127.0.0.1:" + scgi.port(),
        "unix://" + socket,
        local.url()
      };
      for (String url : urls) {
        // guide:begin by-url
        try (Client client = ClientSchemes.defaults().client(url, ClientOptions.defaults())) {
          // guide:end by-url
          assertEquals(5, client.call("suma", 2, 3), url);
        }
      }
      assertTrue(local.url().startsWith("http+unix://"), local.url());
    }
  }

  @Test
  void reliableUdp() {
    // guide:begin udp
    ReliableUdpTransport udp =
        new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());
    RpcServer server =
        RpcServer.messages(udp, Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    Client client =
        MessageClientSettings.builder()
            .transport(udp)
            .endpoint("127.0.0.1", server.port())
            .build()
            .client();
    // guide:end udp
    try (server;
        client) {
      assertEquals(5, client.call("suma", 2, 3));
    }
  }
}
