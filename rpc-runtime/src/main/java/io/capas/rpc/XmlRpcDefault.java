package io.capas.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component that may be missing from the struct: it then takes the Java default ({@code
 * 0}, {@code false}, {@code null}, or an empty collection, map or {@code Optional}) instead of the
 * call failing with a fault that names the member. {@code Optional} components are always
 * defaulted.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface XmlRpcDefault {}
