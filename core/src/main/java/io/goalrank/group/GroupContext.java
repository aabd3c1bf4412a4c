package io.goalrank.group;

import io.goalrank.core.SamplingPolicy;
import io.goalrank.data.ItemCatalog;
import io.goalrank.data.PreparedDataset;
import io.goalrank.policy.ScoringPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What group sources are built from: the list length, the dataset (item popularity and categories), the trained
 * models a source may read (per-candidate scorers by model kind, other generators as anchors), a seed for sources
 * with their own randomness, and optional typed extras. Built once per {@link GroupBuilder}; sources read it only
 * when they are created.
 */
public final class GroupContext {
  private final int listLength;
  private final PreparedDataset data;
  private final int[] itemCounts;
  private final ItemCatalog catalog;
  private final Map<String, ScoringPolicy> scorers;
  private final List<SamplingPolicy> anchors;
  private final long seed;
  private final Map<Class<?>, Object> extras;
  /** Values derived from the dataset (e.g. its simulator), built once and shared by {@link #withSeed} copies. */
  private final Map<String, Optional<?>> derived;

  private GroupContext(int listLength, PreparedDataset data, int[] itemCounts, ItemCatalog catalog,
      Map<String, ScoringPolicy> scorers, List<SamplingPolicy> anchors, long seed, Map<Class<?>, Object> extras,
      Map<String, Optional<?>> derived) {
    this.listLength = listLength;
    this.data = data;
    this.itemCounts = itemCounts;
    this.catalog = catalog;
    this.scorers = scorers;
    this.anchors = anchors;
    this.seed = seed;
    this.extras = extras;
    this.derived = derived;
  }

  /** A context for lists of {@code listLength} slots; everything else is optional. */
  public static Builder builder(int listLength) {
    return new Builder(listLength);
  }

  public int listLength() {
    return listLength;
  }

  /** The dataset, or null when the context was built from its parts (tests). */
  public PreparedDataset data() {
    return data;
  }

  /** Occurrences of every item in the training histories (popularity). */
  public int[] itemCounts() {
    if (itemCounts == null) {
      throw new IllegalArgumentException("no item counts: give the dataset or the counts");
    }
    return itemCounts;
  }

  /** The items' categories, or null when unknown. */
  public ItemCatalog catalog() {
    return catalog;
  }

  /** The trained per-candidate scorer of model kind {@code kind}, as a policy; fails when none was given. */
  public ScoringPolicy scorer(String kind) {
    ScoringPolicy p = scorers.get(kind);
    if (p == null) {
      throw new IllegalArgumentException("needs the trained '" + kind + "' scorer, but none was given");
    }
    return p;
  }

  /** Other trained generators (the {@code anchors} source), possibly none. */
  public List<SamplingPolicy> anchors() {
    return anchors;
  }

  /** The seed of sources that keep their own random streams (the logging policy). */
  public long seed() {
    return seed;
  }

  /** The extra of type {@code type} the caller gave, if any. */
  public <T> Optional<T> extra(Class<T> type) {
    return Optional.ofNullable(type.cast(extras.get(type)));
  }

  /**
   * A value derived from the context, made by {@code make} on first use and shared with every copy of this context
   * ({@link #withSeed}); {@code make} may return null ("not available").
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> derived(String key, Supplier<T> make) {
    return (Optional<T>) derived.computeIfAbsent(key, k -> Optional.ofNullable(make.get()));
  }

  /** The same context with another seed (the validation group's sources draw other streams than training's). */
  public GroupContext withSeed(long otherSeed) {
    return new GroupContext(listLength, data, itemCounts, catalog, scorers, anchors, otherSeed, extras, derived);
  }

  /** Builder: {@code opt*} for every optional part. */
  public static final class Builder {
    private final int listLength;
    private PreparedDataset data;
    private int[] itemCounts;
    private ItemCatalog catalog;
    private final Map<String, ScoringPolicy> scorers = new LinkedHashMap<>();
    private List<? extends SamplingPolicy> anchors = List.of();
    private final Map<Class<?>, Object> extras = new LinkedHashMap<>();
    private long seed;

    private Builder(int listLength) {
      if (listLength < 1) {
        throw new IllegalArgumentException("list length must be positive: " + listLength);
      }
      this.listLength = listLength;
    }

    /** The dataset: item counts and categories come from it unless given. */
    public Builder optData(PreparedDataset data) {
      this.data = data;
      return this;
    }

    public Builder optItemCounts(int[] itemCounts) {
      this.itemCounts = itemCounts;
      return this;
    }

    public Builder optCatalog(ItemCatalog catalog) {
      this.catalog = catalog;
      return this;
    }

    /** A trained per-candidate scorer under its model kind ({@code dnn}); null is ignored. */
    public Builder optScorer(String kind, ScoringPolicy scorer) {
      if (scorer != null) {
        scorers.put(kind, scorer);
      }
      return this;
    }

    public Builder optAnchors(List<? extends SamplingPolicy> anchors) {
      this.anchors = anchors;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** An extra a source may look up by type, e.g. a ready {@code LoggingPolicy}. */
    public <T> Builder optExtra(Class<T> type, T value) {
      extras.put(type, type.cast(value));
      return this;
    }

    public GroupContext build() {
      return new GroupContext(listLength, data,
          itemCounts != null ? itemCounts : data != null ? data.itemCounts() : null,
          catalog != null ? catalog : data != null ? data.catalog() : null,
          Map.copyOf(scorers), List.copyOf(anchors), seed, Map.copyOf(extras), new ConcurrentHashMap<>());
    }
  }
}
