package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.UnixTransport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML-RPC over SCGI on a Unix domain socket: {@code scgi+unix:///path} (issue 16), a capas pair.
 */
class ScgiUnixTest {
  @TempDir Path dir;

  @Test
  void aCapasPairSpeaksScgiOverAUnixSocket() {
    Path socket = dir.resolve("scgi.sock");
    for (TcpConfig.Model model : TcpConfig.Model.values()) {
      try (RpcServer server =
              RpcServer.scgi(
                      new UnixTransport(
                          TcpConfig.builder().model(model).build(), UnixSocketOptions.defaults()),
                      Endpoint.unix(socket))
                  .addMethod("suma", Integer.class, Integer.class, Integer::sum)
                  .start();
          Client client = ClientSchemes.defaults().client(server.url(), ClientOptions.defaults())) {
        assertEquals("scgi+unix://" + socket, server.url());
        assertEquals(5, client.call("suma", 2, 3), model::toString);
        assertEquals("scgi+unix://" + socket, client.target());
        RpcFault fault = assertThrows(RpcFault.class, () -> client.call("nope"));
        assertTrue(fault.faultString().contains("nope"), fault.faultString());
      }
    }
  }

  @Test
  void scgiUnixUrlsAreParsedStrictly() {
    ScgiClientSettings settings =
        ScgiClientSettings.builder().url("scgi+unix:///run/rtorrent/rpc.socket").build();
    assertEquals(Endpoint.unix(Path.of("/run/rtorrent/rpc.socket")), settings.endpoint());
    assertEquals("/RPC2", settings.path());
    assertEquals("scgi+unix:///run/rtorrent/rpc.socket", settings.url());
    for (String bad :
        new String[] {"scgi+unix:relative.sock", "scgi+unix://host/x.sock", "scgi+unix:///"}) {
      assertThrows(
          IllegalArgumentException.class, () -> ScgiClientSettings.builder().url(bad), bad);
    }
  }
}
