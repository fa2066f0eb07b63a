/**
 * Integration suites: client and server JVMs in separate containers on a real Docker network.
 *
 * <p>Every container runs the base image named by the system property {@code capas.it.image} (built
 * locally by {@code .ci/docker-image.sh}) with this module's test classes and its whole test
 * classpath mounted read-only, so a container starts any main class of the stack:
 *
 * <pre>{@code
 * try (Network network = Network.newNetwork();
 *     GenericContainer<?> server =
 *         Containers.jvm(network, "server", ".*serving XML-RPC on.*\\n", "io.capas.cli.Main",
 *             "serve", "--host", "0.0.0.0", "--port", "8080")) {
 *   server.start();
 *   GenericContainer<?> client = Containers.idle(network, "client");
 *   Containers.Run run = Containers.exec(client, Duration.ofSeconds(60), "io.capas.cli.Main",
 *       "call", "http://server:8080/RPC2", "suma", "2", "3");
 * }
 * }</pre>
 */
@NullMarked
package io.capas.it;

import org.jspecify.annotations.NullMarked;
