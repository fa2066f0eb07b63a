package io.capas.transport.tcp;

class SequentialUnixTransportConformanceTest extends AbstractUnixTransportConformanceTest {

  @Override
  protected TcpConfig.Builder model() {
    return TcpConfig.builder().model(TcpConfig.Model.SEQUENTIAL);
  }

  /** Its one thread runs every session call and what they offload: the documented exception. */
  @Override
  protected boolean runsOffloadedTasksAlongsideOthers() {
    return false;
  }
}
