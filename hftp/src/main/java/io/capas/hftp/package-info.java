/**
 * HFTP, the Home-made File Transfer Protocol: a line-oriented file server and its client on the
 * capas transport SPI, so the same server runs on every server model of every transport.
 *
 * <p>A request is one line, {@code COMMAND [ARG...] CR LF}; a response is a status line {@code CODE
 * DESCRIPTION CR LF} followed, on {@code 0 OK}, by the command's data ({@code get_file_listing},
 * {@code get_metadata FILE}, {@code get_slice FILE OFFSET SIZE} in base64, {@code quit}). {@link
 * io.capas.hftp.HftpServer} serves a directory, {@link io.capas.hftp.HftpClient} speaks to it, and
 * {@link io.capas.hftp.HftpCommand} is the {@code hftp ls|get|serve} command. The transport (TCP
 * and its server model, or an in-memory one) is the caller's choice.
 *
 * <pre>{@code
 * try (HftpServer server = HftpServer.start(transport, Path.of("testdata"),
 *         Endpoint.of("127.0.0.1", 0));
 *     HftpClient client = HftpClient.connect(transport,
 *         Endpoint.of("127.0.0.1", server.address().getPort()))) {
 *   for (String name : client.listFiles()) {
 *     System.out.println(name + " " + client.metadata(name));
 *   }
 *   client.quit();
 * }
 * }</pre>
 */
@NullMarked
package io.capas.hftp;

import org.jspecify.annotations.NullMarked;
