/**
 * Session machinery shared by transport implementations (the blocking session runner, the registry
 * of open sessions, failure containment, read buffers). Public only so that transport modules can
 * use it; not API, and it changes without notice.
 */
@NullMarked
package io.capas.transport.internal;

import org.jspecify.annotations.NullMarked;
