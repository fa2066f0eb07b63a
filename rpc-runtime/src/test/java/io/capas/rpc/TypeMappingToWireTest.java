package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link TypeMapping#toWire}: what it converts, what it passes through uncopied, what it refuses.
 */
class TypeMappingToWireTest {
  @Test
  void valuesAlreadyInWireFormArePassedThroughUncopied() {
    List<Object> ints = new ArrayList<>(List.of(1, 2, 3));
    assertSame(ints, TypeMapping.defaults().toWire(ints));
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("a", 1);
    struct.put("b", List.of("x", 2.5));
    assertSame(struct, TypeMapping.defaults().toWire(struct));
    List<Object> nested = List.of(struct, ints, "s");
    assertSame(nested, TypeMapping.defaults().toWire(nested));
  }

  @Test
  void aListIsCopiedFromTheFirstElementThatConverts() {
    List<@Nullable Object> in = new ArrayList<>();
    in.add(1);
    in.add("two");
    in.add((short) 3);
    in.add(4.5f);
    in.add(null);
    in.add(Optional.of('c'));
    Object out = TypeMapping.defaults().toWire(in);
    assertEquals(Arrays.asList(1, "two", 3, 4.5d, null, "c"), out);
    assertEquals(Short.class, in.get(2).getClass()); // the argument is left as it was
  }

  @Test
  void aMapIsCopiedInItsOrderWhenAValueConverts() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("z", 1);
    in.put("y", new int[] {1, 2});
    in.put("x", "s");
    in.put("w", (byte) 7);
    Object out = TypeMapping.defaults().toWire(in);
    assertEquals(List.of("z", "y", "x", "w"), List.copyOf(((Map<?, ?>) out).keySet()));
    assertEquals(Map.of("z", 1, "y", List.of(1, 2), "x", "s", "w", 7), out);
    TreeMap<String, Object> sorted = new TreeMap<>(Map.of("b", 2, "a", 1));
    assertSame(sorted, TypeMapping.defaults().toWire(sorted));
  }

  @Test
  void otherCollectionsAndArraysBecomeLists() {
    // A List that is not RandomAccess on purpose: toWire takes its Collection path.
    @SuppressWarnings("JdkObsolete")
    List<Integer> notRandomAccess = new LinkedList<>(List.of(1, 2));
    assertEquals(List.of(1, 2), TypeMapping.defaults().toWire(notRandomAccess));
    assertEquals(List.of("a"), TypeMapping.defaults().toWire(Set.of("a")));
    assertEquals(List.of(1L, 2L), TypeMapping.defaults().toWire(new long[] {1, 2}));
  }

  @Test
  void deepConversionsAreLinearNotExponential() {
    // A conversion at the bottom of a deep nest (about 400 levels): each level converts once
    // (a walk that converted a value twice per level would not finish).
    Object v = (short) 1;
    for (int i = 0; i < 200; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("a", i);
      m.put("v", v);
      v = new ArrayList<>(List.of("y", m));
    }
    Object out = TypeMapping.defaults().toWire(v);
    for (int i = 0; i < 200; i++) {
      out = ((Map<?, ?>) ((List<?>) out).get(1)).get("v");
    }
    assertEquals(Integer.valueOf(1), out);
  }

  @Test
  void aCollectionThatContainsItselfIsRefusedNotOverflowed() {
    List<Object> loop = new ArrayList<>();
    loop.add(1);
    loop.add(loop);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TypeMapping.defaults().toWire(loop));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("me", self);
    assertThrows(IllegalArgumentException.class, () -> TypeMapping.defaults().toWire(self));
  }

  @Test
  void valuesWithoutAWireFormAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TypeMapping.defaults().toWire(new Object()));
    assertThrows(
        IllegalArgumentException.class, () -> TypeMapping.defaults().toWire(Map.of(1, "x")));
  }
}
