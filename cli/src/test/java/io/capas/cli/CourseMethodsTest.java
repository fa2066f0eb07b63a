package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.rpc.RpcFault;
import java.util.List;
import org.junit.jupiter.api.Test;

class CourseMethodsTest {
  @Test
  void quadraticReturnsTheDistinctRealRoots() {
    assertEquals(List.of(2.0, 1.0), CourseMethods.quadratic(1, -3, 2));
    assertEquals(List.of(-1.0), CourseMethods.quadratic(1, 2, 1));
    assertEquals(List.of(), CourseMethods.quadratic(1, 0, 1));
    assertEquals(List.of(-2.0), CourseMethods.quadratic(0, 1, 2));
    assertThrows(RpcFault.class, () -> CourseMethods.quadratic(0, 0, 1));
  }

  @Test
  void addWorksLikePythonsPlus() {
    assertEquals(5, CourseMethods.add(2, 3));
    assertEquals(1L << 32, CourseMethods.add(1 << 31 - 1, (1L << 32) - (1 << 31 - 1)));
    assertEquals(2.5, CourseMethods.add(2, 0.5));
    assertEquals("ab", CourseMethods.add("a", "b"));
    assertEquals(List.of(1, 2), CourseMethods.add(List.of(1), List.of(2)));
    assertThrows(RpcFault.class, () -> CourseMethods.add(1, "b"));
    assertThrows(RpcFault.class, () -> CourseMethods.add(Long.MAX_VALUE, 1));
  }
}
