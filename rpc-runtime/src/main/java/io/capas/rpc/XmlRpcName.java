package io.capas.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The XML-RPC name of a record component (its struct member name) or of an enum constant (its
 * string), when it differs from the Java name: {@code record Range(@XmlRpcName("min-value") int
 * min, ...)}, {@code @XmlRpcName("in-progress") IN_PROGRESS}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface XmlRpcName {
  /** The name on the wire. */
  String value();
}
