package io.capas.benchmarks.xmlrpc;

import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodCallReader;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a methodCall into values: capas' hand-written byte parser against the same grammar over
 * the JDK's StAX, Woodstox and Aalto (issue 3, "Choosing the XML parser").
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar XmlParserChoiceBenchmark -f 1 -wi 2 -i
 * 3 -w 2s -r 2s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XmlParserChoiceBenchmark {
  @Param({"suma", "struct50", "array1000"})
  public String payload;

  @Param({"capas", "jdk-stax", "woodstox", "aalto"})
  public String parser;

  private byte[] wire;
  private MethodCallReader capas;
  private StaxMethodCallReader stax;

  @Setup
  public void setUp() throws Exception {
    wire = Payloads.callBytes(payload);
    capas = MethodCallReader.create();
    XMLInputFactory factory =
        switch (parser) {
          case "capas" -> null;
          case "jdk-stax" -> XMLInputFactory.newDefaultFactory();
          case "woodstox" -> new WstxInputFactory();
          case "aalto" -> new InputFactoryImpl();
          default -> throw new IllegalArgumentException(parser);
        };
    stax = factory == null ? null : new StaxMethodCallReader(factory);
    if (stax != null) {
      // The StAX reader must produce the same values as capas.
      Object[] parsed = stax.read(wire);
      MethodCall expected = capas.read(wire);
      if (!Payloads.sameValue(parsed[1], expected.params())) {
        throw new IllegalStateException(parser + " parsed other values");
      }
    }
  }

  @Benchmark
  public Object parse() throws Exception {
    return stax == null ? capas.read(wire) : stax.read(wire);
  }
}
