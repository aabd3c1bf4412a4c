package io.goalrank.sim;

import io.goalrank.core.RequestBatch;
import io.goalrank.data.IdIndex;

/**
 * Dataset dense indices → simulator ids, resolved once from the raw ids ("u17" → 17) so scoring never touches
 * strings. Indices whose raw id is not a simulator id map to -1 and fail loudly when used.
 */
final class SimIdMap {
  private final int[] userToSim;
  private final int[] itemToSim;

  SimIdMap(Simulator sim, IdIndex userIds, IdIndex itemIds) {
    userToSim = resolve(userIds, "u", sim.numUsers());
    itemToSim = resolve(itemIds, "i", sim.numItems());
  }

  int user(int datasetUser) {
    int u = datasetUser >= 0 && datasetUser < userToSim.length ? userToSim[datasetUser] : -1;
    if (u < 0) {
      throw new IllegalArgumentException("User index " + datasetUser + " is not a simulated user");
    }
    return u;
  }

  int item(int datasetItem) {
    int i = datasetItem >= 0 && datasetItem < itemToSim.length ? itemToSim[datasetItem] : -1;
    if (i < 0) {
      throw new IllegalArgumentException("Item index " + datasetItem + " is not a simulated item");
    }
    return i;
  }

  /** The simulator items of request {@code b}'s candidates, in slot order. */
  int[] candidates(RequestBatch batch, int b) {
    int[] cands = batch.candidates()[b];
    int[] out = new int[cands.length];
    for (int c = 0; c < cands.length; c++) {
      out[c] = item(cands[c]);
    }
    return out;
  }

  private static int[] resolve(IdIndex ids, String prefix, int limit) {
    int[] out = new int[ids.size()];
    for (int x = 0; x < out.length; x++) {
      out[x] = parse(ids.rawId(x), prefix, limit);
    }
    return out;
  }

  private static int parse(String raw, String prefix, int limit) {
    if (!raw.startsWith(prefix) || raw.length() == prefix.length() || raw.length() > prefix.length() + 9) {
      return -1;
    }
    int id = 0;
    for (int c = prefix.length(); c < raw.length(); c++) {
      char ch = raw.charAt(c);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      id = id * 10 + (ch - '0');
    }
    // reject "u007": it would alias "u7"
    boolean canonical = raw.equals(prefix + id);
    return canonical && id < limit ? id : -1;
  }
}
