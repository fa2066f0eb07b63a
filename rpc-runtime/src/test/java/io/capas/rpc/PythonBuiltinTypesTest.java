package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.TypedEdgesTest.ClockImpl;
import io.capas.testing.process.ChildProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Python's xmlrpc with {@code use_builtin_types=True}, both ways (issue 15): it reads a dateTime
 * only in the spec's zone-less form ({@code datetime.strptime(..., "%Y%m%dT%H:%M:%S")}), so the
 * {@code Z} that the default mapping writes fails there; {@code zoneless(ZoneOffset.UTC)} is the
 * setting for such peers, and these tests pin both facts.
 */
class PythonBuiltinTypesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final TypeMapping FOR_PYTHON =
      TypeMapping.builder().zoneless(ZoneOffset.UTC).build();
  private static final Instant NOON_UTC = Instant.parse("2026-07-01T12:00:00Z");

  @Test
  void pythonClientWithBuiltinTypesReadsTheZonelessUtcMapping() throws Exception {
    try (RpcServer zoneless =
            TypedFixtures.server()
                .typeMapping(FOR_PYTHON)
                .addObject("clock", new ClockImpl())
                .addFunction(
                    "next", LocalDate.class, LocalDate.class, (LocalDate d) -> d.plusDays(1))
                .start();
        RpcServer withZ = TypedFixtures.server().addObject("clock", new ClockImpl()).start();
        ChildProcess python =
            ChildProcess.start(
                List.of(
                    "python3",
                    ChildProcess.script("/interop/builtin_types_client.py"),
                    zoneless.url(),
                    withZ.url()))) {
      ChildProcess.Result result = python.await(WAIT);
      assertEquals(0, result.exit(), result::toString);
      assertTrue(result.stdout().contains("PASS"), result::toString);
    }
  }

  interface Later {
    Instant later(Instant t);
  }

  @Test
  void capasClientWithTheZonelessUtcMappingCallsAPythonServerWithBuiltinTypes() throws Exception {
    try (ChildProcess python =
        ChildProcess.start(
            List.of("python3", ChildProcess.script("/interop/builtin_types_server.py")))) {
      int port = Integer.parseInt(python.readLine(WAIT).trim());
      try (Client plain =
              HttpClientSettings.builder()
                  .endpoint("127.0.0.1", port)
                  .timeout(WAIT)
                  .build()
                  .client();
          Client client = plain.withTypeMapping(FOR_PYTHON)) {
        assertEquals(NOON_UTC.plusSeconds(3600), client.proxy(Later.class).later(NOON_UTC));
        // The default mapping's Z is a ValueError in Python's parser: a fault, not a datetime.
        RpcFault fault =
            assertThrows(RpcFault.class, () -> plain.proxy(Later.class).later(NOON_UTC));
        assertTrue(fault.faultString().contains("ValueError"), fault.faultString());
      }
    }
  }
}
