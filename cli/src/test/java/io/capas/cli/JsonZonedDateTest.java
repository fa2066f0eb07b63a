package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A dateTime received with a zone (an {@code OffsetDateTime} since issue 15) prints in the same
 * {@code $dateTime.iso8601} form as a zone-less one, its Z or offset kept; and what {@code capas
 * call} prints reads back as an argument, zone included.
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

  @Test
  void readsAZonedDateTimeBack() {
    OffsetDateTime utc = OffsetDateTime.of(1998, 7, 17, 14, 8, 55, 0, ZoneOffset.UTC);
    OffsetDateTime tokyo = OffsetDateTime.of(1998, 7, 17, 14, 8, 55, 0, ZoneOffset.ofHours(9));
    assertEquals(utc, Json.parse("{\"$dateTime.iso8601\": \"19980717T14:08:55Z\"}"));
    assertEquals(tokyo, Json.parse("{\"$dateTime.iso8601\": \"19980717T14:08:55+09:00\"}"));
    for (OffsetDateTime t : new OffsetDateTime[] {utc, tokyo}) {
      assertEquals(t, Json.parse(Json.write(t)));
    }
  }

  @Test
  void refusesABadZone() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Json.parse("{\"$dateTime.iso8601\": \"19980717T14:08:55+25:00\"}"));
    assertTrue(e.getMessage().contains("yyyyMMddTHH:mm:ss[Z|+hh:mm]"), e.getMessage());
  }
}
