package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A dateTime received with a zone (an {@code OffsetDateTime} since issue 15) prints in the same
 * {@code $dateTime.iso8601} form as a zone-less one, its Z or offset kept.
 */
class JsonZonedDateTest {
  @Test
  void printsAZonedDateTimeWithItsZone() {
    assertEquals(
        "{\"$dateTime.iso8601\": \"19980717T14:08:55Z\"}",
        Json.write(OffsetDateTime.of(1998, 7, 17, 14, 8, 55, 0, ZoneOffset.UTC)));
    assertEquals(
        "{\"$dateTime.iso8601\": \"19980717T14:08:55+09:00\"}",
        Json.write(OffsetDateTime.of(1998, 7, 17, 14, 8, 55, 0, ZoneOffset.ofHours(9))));
  }
}
