package io.capas.transport;

/** Opens a {@link Session} for every accepted connection. Safe for concurrent use. */
@FunctionalInterface
public interface SessionFactory {
  Session open(SessionContext context);
}
