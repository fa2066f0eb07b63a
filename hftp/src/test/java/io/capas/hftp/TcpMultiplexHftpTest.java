package io.capas.hftp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/** HFTP over real loopback sockets, TCP model MULTIPLEX. */
class TcpMultiplexHftpTest extends AbstractHftpEndToEndTest {
  @Override
  protected Transport newTransport() {
    return new TcpTransport(
        TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).build(), HostResolver.system());
  }
}
