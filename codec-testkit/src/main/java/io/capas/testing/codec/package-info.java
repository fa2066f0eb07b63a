/**
 * Helpers that every codec test reaches for: golden files, splitters, a trickling input stream,
 * truncations and round trips. Test scope only; depends on nothing but the JDK.
 *
 * <pre>{@code
 * byte[] wire = Golden.bytes("framing/two-frames.hex");
 * for (List<ByteBuffer> chunks : Splits.everyTwoWay(wire)) {
 *   assertEquals(List.of(FIRST, SECOND), Decoding.all(new FrameDecoder(1024)::decode, chunks));
 * }
 * try (InputStream in = TricklingInputStream.of(wire, 42)) {
 *   // a blocking reader must cope with reads of 1..n bytes
 * }
 * }</pre>
 */
@NullMarked
package io.capas.testing.codec;

import org.jspecify.annotations.NullMarked;
