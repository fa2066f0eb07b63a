/**
 * Programs a test runs beside it (python3, curl, nginx, supervisord, rtorrent, a Java main of its
 * own): {@link io.capas.testing.process.ChildProcess} starts one, waits for it with a deadline and
 * stops it by its pid.
 */
@NullMarked
package io.capas.testing.process;

import org.jspecify.annotations.NullMarked;
