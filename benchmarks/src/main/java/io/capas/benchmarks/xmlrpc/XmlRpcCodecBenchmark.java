package io.capas.benchmarks.xmlrpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodCallReader;
import io.capas.xmlrpc.MethodCallWriter;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.MethodResponseReader;
import io.capas.xmlrpc.MethodResponseWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse plus build, capas against Apache XML-RPC 3.1.3 in the same run.
 *
 * <ul>
 *   <li>{@code server*}: parse the request bytes, then write the response (the server hot path);
 *   <li>{@code client*}: write the request, then parse the response bytes.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar XmlRpcCodecBenchmark -f 1 -wi 2 -i 3 -w
 * 2s -r 2s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XmlRpcCodecBenchmark {
  @Param({"suma", "struct50", "array1000"})
  public String payload;

  private final MethodCallReader callReader = MethodCallReader.create();
  private final MethodCallWriter callWriter = MethodCallWriter.create();
  private final MethodResponseReader responseReader = MethodResponseReader.create();
  private final MethodResponseWriter responseWriter = MethodResponseWriter.create();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
  private ApacheXmlRpc apache;
  private byte[] callBytes;
  private byte[] responseBytes;
  private MethodCall call;
  private Object result;
  private List<?> apacheParams;

  @Setup
  public void setUp() throws Exception {
    apache = new ApacheXmlRpc();
    call = Payloads.call(payload);
    result = Payloads.result(payload);
    callBytes = Payloads.callBytes(payload);
    responseBytes = Payloads.responseBytes(payload);
    // Both libraries must read what the other writes, and agree on the values.
    Object[] parsed = apache.parseCall(callBytes);
    if (!parsed[0].equals(call.methodName())) {
      throw new IllegalStateException("Apache read another method name: " + parsed[0]);
    }
    apacheParams = (List<?>) Payloads.forApache(call.params());
    out.reset();
    apache.writeResponse(Payloads.forApache(result), out);
    Object back = ((MethodResponse.Success) responseReader.read(out.toByteArray())).value();
    if (!Payloads.sameValue(back, result)) {
      throw new IllegalStateException("capas read Apache's response differently: " + back);
    }
  }

  /** What a handler would compute: suma adds, echo returns its argument. */
  private static Object handle(String method, List<?> params) {
    return method.equals("suma")
        ? (Integer) params.get(0) + (Integer) params.get(1)
        : params.get(0);
  }

  @Benchmark
  public int serverCapas() throws Exception {
    MethodCall c = callReader.read(callBytes);
    out.reset();
    responseWriter.write(MethodResponse.success(handle(c.methodName(), c.params())), out);
    return out.size();
  }

  @Benchmark
  public int serverApache() throws Exception {
    Object[] parsed = apache.parseCall(callBytes);
    out.reset();
    apache.writeResponse(handle((String) parsed[0], (List<?>) parsed[1]), out);
    return out.size();
  }

  @Benchmark
  public Object clientCapas() throws Exception {
    out.reset();
    callWriter.write(call, out);
    return ((MethodResponse.Success) responseReader.read(responseBytes)).value();
  }

  @Benchmark
  public Object clientApache() throws Exception {
    out.reset();
    apache.writeCall(call.methodName(), apacheParams, out);
    return apache.parseResponse(responseBytes);
  }
}
