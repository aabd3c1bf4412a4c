package io.goalrank.data.shard;

import io.goalrank.data.IdIndex;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a sharded request set shares across its requests: provenance, the user and item id indices, the item
 * catalog and popularity. Small (users + items), so it is read whole. On disk it is a prepared dataset with no
 * requests ({@code dataset.bin}), so {@code goalrank info} and {@link PreparedDataset#readInfo} read it as they are.
 *
 * @param configs the typed configs that made the data, by name, as JSON ({@link PreparedDataset#configs}: the
 *     protocol, the simulator's settings)
 * @param itemCounts interactions per item in the training histories (the popularity signal)
 */
public record ShardHeader(Map<String, String> info, Map<String, String> configs, IdIndex userIds, IdIndex itemIds,
    ItemCatalog catalog, int[] itemCounts) {

  public ShardHeader {
    info = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info)); // order as written
    configs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(configs));
    Objects.requireNonNull(userIds, "userIds");
    Objects.requireNonNull(itemIds, "itemIds");
    Objects.requireNonNull(catalog, "catalog");
    if (itemCounts.length != itemIds.size()) {
      throw new IllegalArgumentException("itemCounts has " + itemCounts.length + " entries for " + itemIds.size()
          + " items");
    }
  }

  /** The shared part of {@code data}. */
  public static ShardHeader of(PreparedDataset data) {
    return new ShardHeader(data.info(), data.configs(), data.userIds(), data.itemIds(), data.catalog(),
        data.itemCounts());
  }

  /**
   * The header as a prepared dataset with no requests: what the dataset-wide parts of a run (heuristics, oracles,
   * model shapes, report headers, the simulator) read, without loading a single request.
   */
  public PreparedDataset withoutRequests() {
    return withRequests(new int[0], new byte[0], new int[0][], new byte[0][], new int[0][], new byte[0][],
        new int[0][], new float[0][], new float[0][]);
  }

  /** A prepared dataset with this header and the given request columns (info order: as read). */
  PreparedDataset withRequests(int[] users, byte[] splits, int[][] history, byte[][] historyPositive,
      int[][] targets, byte[][] targetPositive, int[][] candidates, float[][] labels, float[][] scores) {
    PreparedDataset data = new PreparedDataset(info, userIds, itemIds, catalog, itemCounts, users, splits, history,
        historyPositive, targets, targetPositive, candidates, labels, scores);
    for (Map.Entry<String, String> c : configs.entrySet()) {
      data = data.withConfig(c.getKey(), c.getValue());
    }
    return data;
  }

  void write(Path file) throws IOException {
    withoutRequests().write(file);
  }

  static ShardHeader read(Path file) throws IOException {
    return of(PreparedDataset.read(file));
  }
}
