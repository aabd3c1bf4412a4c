package io.goalrank.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.goalrank.group.GroupSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupConstructionAnalysisTest {
  private static final GroupSpec BASE = GroupSpec.parse(GroupSpec.DEFAULT);

  @Test
  void everyVariantKeepsTheSizeAndLosesOnlyWhatItNames() {
    for (String v : GroupConstructionAnalysis.VARIANTS) {
      GroupSpec s = GroupConstructionAnalysis.spec(v, BASE);
      assertEquals(BASE.size(), s.size(), v + ": " + s);
      if (v.startsWith("without-")) {
        String gone = v.substring("without-".length());
        assertEquals(0, s.count(gone), v + ": " + s);
        for (String other : GroupConstructionAnalysis.AUXILIARY) {
          if (!other.equals(gone)) {
            assertTrue(s.count(other) >= BASE.count(other), v + " lost " + other + ": " + s);
          }
        }
      }
    }
    assertEquals("generator:20", GroupConstructionAnalysis.spec("generator-only", BASE).toString());
    assertEquals(BASE, GroupConstructionAnalysis.spec("mixed", BASE));
  }

  @Test
  void removedListsGoToStochasticSourcesInProportion() {
    // generator's 10 lists shared by random (2) and dnn-pl (5): 2.86 and 7.14 -> 3 and 7
    assertEquals("mf-order:1,popularity:1,random:5,dnn:1,dnn-pl:12",
        GroupConstructionAnalysis.without(BASE, Set.of("generator")).toString());
    // deterministic mf-order's one list goes to the largest remainder: generator (10/17 of it)
    assertEquals("popularity:1,random:2,dnn:1,dnn-pl:5,generator:11",
        GroupConstructionAnalysis.without(BASE, Set.of("mf-order")).toString());
  }

  @Test
  void badVariantsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupConstructionAnalysis.spec("without-ponies", BASE));
    assertTrue(e.getMessage().contains("without-ponies"), e.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> GroupConstructionAnalysis.without(GroupSpec.parse("mf-order:1,dnn:1"), Set.of("dnn")));
    assertTrue(none.getMessage().contains("no stochastic source"), none.getMessage());
  }
}
