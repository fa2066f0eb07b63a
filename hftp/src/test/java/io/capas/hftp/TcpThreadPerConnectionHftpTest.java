package io.capas.hftp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/** HFTP over real loopback sockets, TCP model THREAD_PER_CONNECTION. */
class TcpThreadPerConnectionHftpTest extends AbstractHftpEndToEndTest {
  @Override
  protected Transport newTransport() {
    return new TcpTransport(
        TcpConfig.builder().model(TcpConfig.Model.THREAD_PER_CONNECTION).build(),
        HostResolver.system());
  }
}
