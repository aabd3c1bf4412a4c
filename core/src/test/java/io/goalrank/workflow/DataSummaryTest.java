package io.goalrank.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header lines demo, train and evaluate print: threshold with its source, candidates, recall, inputs. */
class DataSummaryTest {

  private static Map<String, String> info(String negatives) {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("dataset", "csv");
    info.put("protocol.coreK", "20");
    info.put("protocol.positiveThreshold", "3.5");
    info.put("protocol.positiveThresholdSource", "--threshold");
    info.put("protocol.negatives", negatives);
    info.put("protocol.numCandidates", "50");
    info.put("protocol.listLength", "6");
    info.put("stats.requests", "1000");
    info.put("stats.requests.train", "600");
    info.put("stats.requests.valid", "200");
    info.put("stats.requests.test", "200");
    info.put("stats.retrieverRecallAtN", "0.4321");
    return info;
  }

  @Test
  void theDataLineHasTheThresholdItsSourceAndEverySplitSize() {
    String line = DataSummary.data(info("retriever"), "");
    assertTrue(line.contains("csv, 20-core, positive threshold 3.5 (--threshold)"), line);
    assertTrue(line.contains("1000 requests (train 600 / valid 200 / test 200)"), line);
  }

  @Test
  void recallOnlyWhereTheRetrieverChoseTheCandidates() {
    String retriever = DataSummary.candidates(info("retriever"), "0.4321");
    assertTrue(retriever.contains("retriever recall@50 0.4321"), retriever);
    String matched = DataSummary.candidates(info("matched"), "0.4321");
    assertTrue(matched.contains("ground truth + 44 popularity-matched negatives"), matched);
    assertTrue(matched.contains("recall@50 n/a") && !matched.contains("0.4321"), matched);
  }

  @Test
  void theInputsLineSaysWhetherTheRetrieverScoreIsRead() {
    assertTrue(DataSummary.inputs(true).contains("reads each candidate's retriever score"));
    assertTrue(DataSummary.inputs(false).contains("no retriever score"));
    assertFalse(DataSummary.inputs(false).contains("reads each candidate's retriever score"));
  }
}
