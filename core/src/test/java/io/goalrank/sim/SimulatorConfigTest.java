package io.goalrank.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  @Test
  void defaultsMatchTheDocumentedNumbers() {
    SimulatorConfig c = SimulatorConfig.defaults();
    assertEquals(2000, c.users());
    assertEquals(800, c.items());
    assertEquals(16, c.latentDim());
    assertEquals(12, c.categories());
    assertEquals(40, c.minInteractionsPerUser());
    assertEquals(80, c.maxInteractionsPerUser());
    assertEquals(4f, c.positiveThreshold());
    assertEquals(1.0, c.positionBias().get(0), 1e-12);
    assertEquals(1.0 / (Math.log(3) / Math.log(2)), c.positionBias().get(1), 1e-12);
  }

  @Test
  void builderRoundTripsThroughToBuilder() {
    SimulatorConfig c = SimulatorConfig.builder().users(10).items(200).seed(7).diversityPenalty(1.5).build();
    assertEquals(c, c.toBuilder().build());
    assertEquals(10, c.users());
    assertEquals(1.5, c.diversityPenalty());
  }

  @Test
  void rejectsBadValuesWithClearMessages() {
    assertEquals("users must be positive: -3", message(() -> SimulatorConfig.builder().users(-3).build()));
    assertEquals("maxInteractionsPerUser (10) is below minInteractionsPerUser (20)",
        message(() -> SimulatorConfig.builder().interactionsPerUser(20, 10).build()));
    assertEquals("diversityPenalty must be non-negative and finite: -0.5",
        message(() -> SimulatorConfig.builder().diversityPenalty(-0.5).build()));
    assertEquals("items (50) must be at least maxInteractionsPerUser + sessionLength (86)",
        message(() -> SimulatorConfig.builder().items(50).build()));
    assertEquals("positionBias[1] must be in [0, 1]: 1.5",
        message(() -> SimulatorConfig.builder().sessionLength(2).positionBias(1.0, 1.5).build()));
    assertEquals("categories must be at most 64: 65",
        message(() -> SimulatorConfig.builder().categories(65).build()));
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
