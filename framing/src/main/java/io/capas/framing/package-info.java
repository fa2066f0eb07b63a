/**
 * Framing: turning a byte stream into messages and back. Four formats, each with a push decoder
 * over {@link java.nio.ByteBuffer} (for a multiplexing server), a blocking reader over an {@link
 * java.io.InputStream} (which never assumes one read returns everything) and an encoder:
 *
 * <ul>
 *   <li>length-prefixed blocks, a 4-byte big-endian length before each payload: {@link
 *       FrameDecoder}, {@link FrameReader}, {@link FrameEncoder};
 *   <li>Content-Length bodies, exactly N bytes under a limit: {@link ContentLengthDecoder}, {@link
 *       ContentLengthReader};
 *   <li>padded chunks, payload zero-padded to a multiple of a chunk size: {@link
 *       PaddedChunkDecoder}, {@link PaddedChunkReader}, {@link PaddedChunkEncoder};
 *   <li>netstrings, {@code N:payload,}: {@link NetstringDecoder}, {@link NetstringEncoder}, and the
 *       SCGI request head they carry, {@link ScgiHeaders} (header count limited).
 * </ul>
 *
 * <p>Every declared length is checked against a limit before anything is allocated ({@link
 * FrameTooLargeException}); end of stream between messages is a clean end, inside one it is a
 * {@link TruncatedFrameException} saying how many bytes were missing. Sockets, threads and what the
 * payload means are left to other layers.
 *
 * <pre>{@code
 * FrameEncoder.write(socketOut, "hola".getBytes(UTF_8));          // put_block
 * FrameReader reader = new FrameReader(socketIn, 1 << 20);
 * Optional<byte[]> block = reader.read();                          // get_block; empty at clean EOF
 *
 * FrameDecoder decoder = new FrameDecoder(1 << 20);                // in a selector loop
 * for (Optional<byte[]> f; (f = decoder.decode(readBuffer)).isPresent(); ) handle(f.get());
 * readBuffer.compact();
 * }</pre>
 */
@NullMarked
package io.capas.framing;

import org.jspecify.annotations.NullMarked;
