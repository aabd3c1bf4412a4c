package io.goalrank.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupSpecTest {
  @Test
  void parsesTheDefaultIntoTwentyLists() {
    GroupSpec spec = GroupSpec.parse(GroupSpec.DEFAULT);
    assertEquals(20, spec.size());
    assertEquals(10, spec.count("generator"));
    assertEquals(GroupSpec.DEFAULT, spec.toString());
  }

  @Test
  void ofSizeGivesTheRequestedSizeWithBothAuxiliaryAndGeneratorLists() {
    for (int size : new int[] {3, 5, 8, 10, 20, 50, 100}) {
      GroupSpec spec = GroupSpec.ofSize(size);
      assertEquals(size, spec.size(), "size " + size);
      assertTrue(spec.count("generator") > 0 && spec.count("generator") < size, "size " + size);
    }
  }

  @Test
  void rejectsUnknownSourcesAndBadCountsWithTheEntryInTheMessage() {
    var e = assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse("mf-order:1,evaluator:3"));
    assertTrue(e.getMessage().contains("evaluator"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse("random:x"));
    assertTrue(e.getMessage().contains("random:x"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GroupSpec.parse("random:1"));
  }

  @org.junit.jupiter.api.Test
  void presetsNameTheDefaultTheLearnedOnlyAndTheReleasedGroups() {
    org.junit.jupiter.api.Assertions.assertEquals(GroupSpec.parse(GroupSpec.DEFAULT), GroupSpec.parse("default"));
    GroupSpec learned = GroupSpec.parse("learned");
    org.junit.jupiter.api.Assertions.assertEquals(20, learned.size());
    for (String heuristic : java.util.List.of("mf-order", "popularity", "random")) {
      org.junit.jupiter.api.Assertions.assertEquals(0, learned.count(heuristic), heuristic);
    }
    org.junit.jupiter.api.Assertions.assertEquals(20, GroupSpec.parse("released").count("generator"));
    org.junit.jupiter.api.Assertions.assertEquals(1, GroupSpec.parse("released").counts().size());
  }
}
