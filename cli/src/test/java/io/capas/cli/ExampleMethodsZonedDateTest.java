package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.rpc.RpcFault;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A zoned dateTime (an OffsetDateTime since issue 15) is named by its XML-RPC type in faults. */
class ExampleMethodsZonedDateTest {
  @Test
  void aZonedDateTimeIsADateTimeInFaultStrings() {
    OffsetDateTime z = OffsetDateTime.of(1998, 7, 17, 14, 8, 55, 0, ZoneOffset.UTC);
    RpcFault fault =
        assertThrows(
            RpcFault.class,
            () -> ExampleMethods.addAll(List.of(z, z), ExampleMethods.Limits.defaults()));
    assertEquals("cannot add dateTime.iso8601 and dateTime.iso8601", fault.faultString());
  }
}
