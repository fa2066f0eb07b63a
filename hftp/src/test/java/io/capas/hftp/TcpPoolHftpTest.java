package io.capas.hftp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/** HFTP over real loopback sockets, TCP model POOL. */
class TcpPoolHftpTest extends AbstractHftpEndToEndTest {
  @Override
  protected Transport newTransport() {
    return new TcpTransport(
        TcpConfig.builder().model(TcpConfig.Model.POOL).build(), HostResolver.system());
  }
}
