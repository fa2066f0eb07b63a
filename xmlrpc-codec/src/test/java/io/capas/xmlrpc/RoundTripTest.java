package io.capas.xmlrpc;

import static io.capas.xmlrpc.PlainValues.comparable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** decode(encode(v)) equals v for seeded random nested values. */
class RoundTripTest {
  private final MethodCallReader callReader = MethodCallReader.create();
  private final MethodResponseReader responseReader = MethodResponseReader.create();

  @Test
  void randomCallsRoundTrip() throws IOException {
    for (long seed = 0; seed < 500; seed++) {
      RandomValues random = new RandomValues(seed);
      List<@Nullable Object> params = new ArrayList<>();
      for (int i = 0; i < (int) (seed % 5); i++) {
        params.add(random.value(4));
      }
      MethodCall call = new MethodCall("m." + seed, params);
      byte[] wire = MethodCallWriter.create().toBytes(call);
      MethodCall back = callReader.read(TricklingInputStream.of(wire, seed));
      assertEquals(call.methodName(), back.methodName());
      assertEquals(comparable(call.params()), comparable(back.params()), "seed " + seed);
    }
  }

  @Test
  void randomResponsesRoundTripThroughAStream() throws IOException {
    for (long seed = 0; seed < 500; seed++) {
      Object value = new RandomValues(seed).value(5);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MethodResponseWriter.create().write(MethodResponse.success(value), out);
      MethodResponse back =
          responseReader.read(TricklingInputStream.of(out.toByteArray(), seed, 5));
      assertEquals(
          comparable(value), comparable(((MethodResponse.Success) back).value()), "seed " + seed);
    }
  }

  @Test
  void randomFaultsRoundTrip() throws IOException {
    for (long seed = 0; seed < 200; seed++) {
      Fault fault = new Fault((int) (seed * 7919 - 1000), new RandomValues(seed).string());
      byte[] wire = MethodResponseWriter.create().toBytes(fault);
      assertEquals(fault, responseReader.read(wire));
    }
  }
}
