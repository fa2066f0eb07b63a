package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcFault;
import io.capas.xmlrpc.FaultCodes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExampleMethodsTest {
  @Test
  void quadraticReturnsTheDistinctRealRoots() {
    assertEquals(List.of(2.0, 1.0), ExampleMethods.quadratic(1, -3, 2));
    assertEquals(List.of(-1.0), ExampleMethods.quadratic(1, 2, 1));
    assertEquals(List.of(), ExampleMethods.quadratic(1, 0, 1));
    assertEquals(List.of(-2.0), ExampleMethods.quadratic(0, 1, 2));
    assertThrows(RpcFault.class, () -> ExampleMethods.quadratic(0, 0, 1));
  }

  @Test
  void addWorksLikePythonsPlus() {
    assertEquals(5, ExampleMethods.add(2, 3));
    assertEquals(1L << 32, ExampleMethods.add(Integer.MAX_VALUE, (1L << 32) - Integer.MAX_VALUE));
    assertEquals(2.5, ExampleMethods.add(2, 0.5));
    assertEquals("ab", ExampleMethods.add("a", "b"));
    assertEquals(List.of(1, 2), ExampleMethods.add(List.of(1), List.of(2)));
    assertThrows(RpcFault.class, () -> ExampleMethods.add(1, "b"));
    assertThrows(RpcFault.class, () -> ExampleMethods.add(Long.MAX_VALUE, 1));
  }

  @Test
  void addtogetherReducesLikePython() {
    ExampleMethods.Limits limits = ExampleMethods.Limits.defaults();
    assertEquals(6, ExampleMethods.addAll(List.of(1, 2, 3), limits));
    assertEquals(3.5, ExampleMethods.addAll(List.of(1, 2, 0.5), limits));
    assertEquals("abc", ExampleMethods.addAll(List.of("a", "b", "c"), limits));
    assertEquals(
        List.of(1, 2, 3), ExampleMethods.addAll(List.of(List.of(1), List.of(2, 3)), limits));
    assertEquals("x", ExampleMethods.addAll(List.of("x"), limits));
    RpcFault mixed =
        assertThrows(RpcFault.class, () -> ExampleMethods.addAll(List.of("a", "b", 3), limits));
    assertEquals("cannot add string and int", mixed.faultString());
  }

  /** Issue 12 item 11: a million-char string plus 40,000 one-char strings is one linear build. */
  @Test
  void addtogetherOfManyStringsBuildsTheWholeResult() {
    List<@Nullable Object> params = new ArrayList<>();
    params.add("a".repeat(1_000_000));
    for (int i = 0; i < 40_000; i++) {
      params.add("b");
    }
    Object sum = ExampleMethods.addAll(params, ExampleMethods.Limits.defaults());
    assertEquals(1_040_000, ((String) sum).length());
  }

  /** Issue 12 item 11: what addtogether and suma may build is capped; past it, a fault. */
  @Test
  void resultsPastTheCapAreAFault() {
    ExampleMethods.Limits limits = new ExampleMethods.Limits(10, 3);
    assertEquals("aaaaabbbbb", ExampleMethods.addAll(List.of("aaaaa", "bbbbb"), limits));
    RpcFault chars =
        assertThrows(
            RpcFault.class, () -> ExampleMethods.addAll(List.of("aaaaa", "bbbbb", "c"), limits));
    assertEquals(FaultCodes.INVALID_PARAMS, chars.code());
    assertTrue(chars.faultString().contains("10"), chars.faultString());
    assertThrows(RpcFault.class, () -> ExampleMethods.addAll(List.of("a".repeat(11)), limits));
    assertEquals(
        List.of(1, 2, 3), ExampleMethods.addAll(List.of(List.of(1, 2), List.of(3)), limits));
    RpcFault items =
        assertThrows(
            RpcFault.class,
            () -> ExampleMethods.addAll(List.of(List.of(1, 2), List.of(3, 4)), limits));
    assertTrue(items.faultString().contains("3 items"), items.faultString());
    assertThrows(RpcFault.class, () -> ExampleMethods.add("aaaaaa", "bbbbbb", limits));
  }
}
