package io.goalrank.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClickCalibrationTest {
  @Test
  void aucMatchesTheCountOfOrderedPairsOnRandomCases() {
    long seed = 20L;
    Random rnd = new Random(seed);
    for (int c = 0; c < 300; c++) {
      int n = 2 + rnd.nextInt(30);
      float[] p = new float[n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        p[i] = rnd.nextInt(6) / 5f; // few values: ties are common
        y[i] = rnd.nextBoolean() ? 1 : 0;
      }
      double pairs = 0;
      double right = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (y[i] > 0 && y[j] == 0) {
            pairs++;
            right += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
          }
        }
      }
      double expected = pairs == 0 ? Double.NaN : right / pairs;
      assertEquals(expected, ClickCalibration.auc(p, y), 1e-12, "seed " + seed + ", case " + c);
    }
  }

  @Test
  void calibratedPredictionsHaveNoCalibrationErrorAndMiscalibratedOnesTheGap() {
    // 10 positions at 0.2 with 2 clicks, 10 at 0.8 with 8: calibrated in both bins
    float[] p = new float[20];
    float[] y = new float[20];
    for (int i = 0; i < 20; i++) {
      p[i] = i < 10 ? 0.2f : 0.8f;
      y[i] = (i < 10 ? i < 2 : i < 18) ? 1 : 0;
    }
    ClickCalibration c = ClickCalibration.of("x", 4, p, y, 10);
    assertEquals(0.0, c.ece(), 1e-6);
    assertEquals(2, c.bins().size());
    assertEquals(0.5, c.clickRate(), 1e-12);
    assertEquals(20, c.positions());
    // same clicks, every prediction 0.5: one bin, ECE = |0.5 - 0.5| = 0 overall but both halves are wrong; AUC 0.5
    java.util.Arrays.fill(p, 0.5f);
    ClickCalibration flat = ClickCalibration.of("x", 4, p, y, 10);
    assertEquals(0.5, flat.auc(), 1e-12);
    assertEquals(Math.log(2), flat.logLoss(), 1e-6);
    // every prediction 0.9 against a 0.5 click rate: ECE 0.4
    java.util.Arrays.fill(p, 0.9f);
    assertEquals(0.4, ClickCalibration.of("x", 4, p, y, 10).ece(), 1e-6);
  }

  @Test
  void aPerfectRankerHasAucOneAndALowerLogLossThanAFlatOne() {
    float[] p = {0.1f, 0.2f, 0.7f, 0.95f};
    float[] y = {0, 0, 1, 1};
    ClickCalibration c = ClickCalibration.of("x", 1, p, y, 10);
    assertEquals(1.0, c.auc(), 1e-12);
    assertTrue(c.logLoss() < Math.log(2));
    assertTrue(c.summary().contains("AUC 1.0000"), c.summary());
    assertTrue(c.reliabilityTable().contains("| 0.9–1.0 | 1 |"), c.reliabilityTable());
  }

  @Test
  void slatesOfOnlyClicksSayTheCheckCannotJudge() {
    // implicit feedback: every shown item was consumed, so there is no negative to order below a positive
    ClickCalibration c = ClickCalibration.of("x", 1, new float[] {0.1f, 0.8f}, new float[] {1, 1}, 10);
    assertTrue(Double.isNaN(c.auc()) && c.oneClass());
    assertTrue(c.summary().contains("every shown position is a click, so the AUC is undefined"), c.summary());
    ClickCalibration mixed = ClickCalibration.of("x", 1, new float[] {0.1f, 0.8f}, new float[] {0, 1}, 10);
    assertFalse(mixed.oneClass());
    assertFalse(mixed.summary().contains("undefined"), mixed.summary());
  }

  @Test
  void refusesMismatchedOrEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> ClickCalibration.of("x", 1, new float[2], new float[3], 10));
    assertThrows(IllegalArgumentException.class, () -> ClickCalibration.of("x", 1, new float[0], new float[0], 10));
  }
}
