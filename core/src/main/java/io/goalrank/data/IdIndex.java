package io.goalrank.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense, immutable mapping between the raw ids found in a data file (strings, because CSV ids need not be
 * numbers) and the indices {@code 0..size()-1} that every array in GoalRank is keyed by.
 *
 * <p>Build one with {@link Builder}; ids keep the order in which they were first seen, so the same file always
 * gives the same indices.
 */
public final class IdIndex {
  private final List<String> rawIds;
  private final Map<String, Integer> indexOf;

  private IdIndex(List<String> rawIds, Map<String, Integer> indexOf) {
    this.rawIds = Collections.unmodifiableList(rawIds);
    this.indexOf = Collections.unmodifiableMap(indexOf);
  }

  /** An index over {@code ids}, in that order; duplicates are rejected. */
  public static IdIndex of(List<String> ids) {
    Builder builder = new Builder();
    for (String id : ids) {
      if (builder.contains(id)) {
        throw new IllegalArgumentException("Duplicate id: " + id);
      }
      builder.add(id);
    }
    return builder.build();
  }

  public int size() {
    return rawIds.size();
  }

  /** The dense index of {@code rawId}, or -1 if it is unknown. */
  public int indexOf(String rawId) {
    Integer index = indexOf.get(rawId);
    return index == null ? -1 : index;
  }

  public String rawId(int index) {
    return rawIds.get(index);
  }

  public List<String> rawIds() {
    return rawIds;
  }

  /** Collects ids; {@link #add} returns the dense index, adding the id the first time it is seen. */
  public static final class Builder {
    private final List<String> rawIds = new ArrayList<>();
    private final Map<String, Integer> indexOf = new HashMap<>();

    public int add(String rawId) {
      Integer index = indexOf.get(rawId);
      if (index != null) {
        return index;
      }
      int next = rawIds.size();
      rawIds.add(rawId);
      indexOf.put(rawId, next);
      return next;
    }

    public boolean contains(String rawId) {
      return indexOf.containsKey(rawId);
    }

    public int size() {
      return rawIds.size();
    }

    public IdIndex build() {
      return new IdIndex(new ArrayList<>(rawIds), new HashMap<>(indexOf));
    }
  }
}
