package io.goalrank.workflow;

import io.goalrank.data.PositiveThreshold;
import io.goalrank.data.PreparedDataset;
import io.goalrank.data.ProtocolConfig;
import io.goalrank.retrieval.DatasetPreparer;
import io.goalrank.retrieval.MfRetriever;
import io.goalrank.sim.Simulator;
import io.goalrank.sim.SimulatorConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prepared data from the simulator, and the simulator back from prepared data. */
public final class SimulatedData {
  private SimulatedData() {}

  /**
   * Generates a synthetic log and runs the protocol on it; the simulator's config is recorded in the dataset
   * ({@link SimulatorConfig#PROVENANCE}, read back by {@link Simulator#of}), and a few of its settings in the info
   * for display.
   */
  public static PreparedDataset simulate(SimulatorConfig simulator, ProtocolConfig protocol, MfRetriever.Options mf) {
    Simulator sim = Simulator.create(simulator);
    PreparedDataset data = new DatasetPreparer(protocol, mf).prepare("simulator", sim.generateLog());
    Map<String, String> info = new LinkedHashMap<>(data.info());
    info.put("sim.users", Integer.toString(simulator.users()));
    info.put("sim.items", Integer.toString(simulator.items()));
    info.put("sim.interactions.min", Integer.toString(simulator.minInteractionsPerUser()));
    info.put("sim.interactions.max", Integer.toString(simulator.maxInteractionsPerUser()));
    info.put("sim.seed", Long.toString(simulator.seed()));
    // the simulator rates on the 1-5 scale of ML-1M, so reports name where its threshold came from like real data's
    info.putIfAbsent(PositiveThreshold.INFO_SOURCE, "the simulator's 1-5 ratings, as ml-1m");
    return data.withInfo(info).withConfig(SimulatorConfig.PROVENANCE, simulator.toJson());
  }

  /** The simulator that generated {@code data}, as its recorded config builds it, or null for real data. */
  public static Simulator simulatorOf(PreparedDataset data) {
    return Simulator.of(data);
  }
}
