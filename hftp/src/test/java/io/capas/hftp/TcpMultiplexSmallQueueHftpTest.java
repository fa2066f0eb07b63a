package io.capas.hftp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/**
 * HFTP over real loopback sockets, TCP model MULTIPLEX with a 64 KiB write queue watermark, so
 * every big slice stops and resumes many times.
 */
class TcpMultiplexSmallQueueHftpTest extends AbstractHftpEndToEndTest {
  @Override
  protected Transport newTransport() {
    return new TcpTransport(
        TcpConfig.builder()
            .model(TcpConfig.Model.MULTIPLEX)
            .writeQueueHighWatermark(64 * 1024)
            .build(),
        HostResolver.system());
  }
}
