package io.capas.transport.tcp;

class ThreadPerConnectionUnixTransportConformanceTest extends AbstractUnixTransportConformanceTest {

  @Override
  protected TcpConfig.Builder model() {
    return TcpConfig.builder().model(TcpConfig.Model.THREAD_PER_CONNECTION);
  }
}
