package io.capas.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of an object passed to {@link RpcServer#addObject} as an XML-RPC method.
 *
 * <p>The method is exposed under {@link #name()} (the Java method's name when empty), prefixed by
 * the object's prefix if one was given. Its signature for {@code system.methodSignature} is derived
 * from the Java parameter and return types.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface XmlRpcMethod {
  /** The exposed name; empty means the Java method's name. */
  String name() default "";

  /** Help text for {@code system.methodHelp}. */
  String help() default "";
}
