package io.capas.benchmarks.framing;

import io.capas.framing.FrameDecoder;
import io.capas.framing.FrameEncoder;
import io.capas.framing.FrameTooLargeException;
import io.capas.framing.MalformedFrameException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encode and push-decode of one length-prefixed frame, in memory. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCodecBenchmark {
  @Param({"64", "65536"})
  public int size;

  private byte[] payload;
  private ByteBuffer wire;
  private ByteBuffer out;
  private FrameDecoder decoder;

  @Setup
  public void setUp() {
    payload = new byte[size];
    wire = ByteBuffer.wrap(FrameEncoder.encode(payload));
    out = ByteBuffer.allocate(size + 4);
    decoder = new FrameDecoder(1 << 20);
  }

  @Benchmark
  public byte[] decode() throws FrameTooLargeException, MalformedFrameException {
    wire.clear();
    return decoder.decode(wire).orElseThrow();
  }

  @Benchmark
  public ByteBuffer encodeIntoBuffer() {
    out.clear();
    FrameEncoder.put(out, payload);
    return out;
  }
}
