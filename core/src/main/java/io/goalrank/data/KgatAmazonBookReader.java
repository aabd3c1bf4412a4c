package io.goalrank.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the KGAT release of Amazon-Book ({@code amazon-book}) from a directory holding {@code train.txt} and
 * {@code test.txt} (each line {@code userID item1 item2 ...}, space-separated, 0-based remapped ids; a user may
 * have no items), and optionally {@code item_list.txt} (a header line, then {@code org_id remap_id
 * [freebase_id]}). Any file may be gzipped ({@code name.gz}). {@code user_list.txt} is not read: user raw ids are
 * the remap ids and {@link Interactions} has no place for the Amazon user ids.
 *
 * <p><b>Ratings and timestamps.</b> The data is implicit feedback without time, so every interaction gets rating
 * 1 and an ordinal timestamp: its 0-based position in the user's sequence "all of the user's train.txt items,
 * then all of the user's test.txt items", each file in file order. Every train item of a user therefore comes
 * before every test item of that user. The later protocol takes the chronologically last items of each user as
 * ground truth, so with these timestamps the ground truth comes from test.txt (as long as a user has at least
 * that many test items) and the history from train.txt, as in KGAT. Timestamps only order a user's own items;
 * they mean nothing across users.
 *
 * <p><b>Indices.</b> Users are indexed in order of first interaction (train.txt, then test.txt). Item raw ids are the
 * remap ids as strings. With item_list.txt every listed item is indexed in list order (so index = remap id for
 * the KGAT files, 24,915 items) and the catalog titles are the {@code org_id}s (ASINs), with no categories;
 * without it items are indexed in order of first interaction and the catalog is empty.
 *
 * <p><b>Error policy.</b> Fail with {@link DataFormatException} (file and 1-based line) on: a non-integer user or
 * item id, an item missing from item_list.txt (when present), an item_list line without 2 or 3 fields or with a
 * duplicate remap id, an empty train.txt or test.txt, a missing required file (the message lists the directory),
 * or invalid gzip/text data. Skip and count: a (user, item) pair seen before for the same user — within a line
 * or across train and test — keeps its first occurrence; the number skipped is logged as a warning and available
 * from {@link #lastSkippedDuplicates()}. Blank lines are skipped silently: they carry no record. A user line with
 * no items is valid and adds nothing.
 */
public final class KgatAmazonBookReader implements InteractionReader {
  private static final Logger LOG = LoggerFactory.getLogger(KgatAmazonBookReader.class);
  private static final String HINT = "amazon-book needs train.txt and test.txt";

  private volatile long lastSkippedDuplicates;

  @Override
  public String name() {
    return "amazon-book";
  }

  @Override
  public String description() {
    return "Amazon-Book as released with KGAT: train.txt, test.txt (implicit feedback)";
  }

  /** 1: the files hold implicit feedback, every interaction is positive. */
  @Override
  public PositiveThreshold defaultThreshold(Interactions data) {
    return PositiveThreshold.fixed(1f, "default for implicit data (every interaction is positive)");
  }

  /** How many duplicate (user, item) pairs the last {@link #read} skipped. */
  public long lastSkippedDuplicates() {
    return lastSkippedDuplicates;
  }

  @Override
  public Interactions read(Path source) throws IOException {
    DataFiles.requireDirectory(source, "train.txt and test.txt (amazon-book)");
    Path train = DataFiles.require(source, "train.txt", HINT);
    Path test = DataFiles.require(source, "test.txt", HINT);
    Optional<Path> itemList = DataFiles.optional(source, "item_list.txt");
    long start = System.nanoTime();

    IdIndex.Builder items = new IdIndex.Builder();
    ItemCatalog catalog = ItemCatalog.empty();
    boolean closedItems = itemList.isPresent();
    if (closedItems) {
      catalog = readItemList(itemList.get(), items);
    }
    State state = new State(items, closedItems, itemList.map(p -> p.getFileName().toString()).orElse(null));
    readUserLines(train, state);
    readUserLines(test, state);
    lastSkippedDuplicates = state.duplicates;
    if (state.duplicates > 0) {
      LOG.warn("Skipped {} duplicate (user, item) pairs in {} (first occurrence kept)", state.duplicates, source);
    }
    LOG.info("Read amazon-book from {}: {} interactions, {} users, {} items in {} ms", source, state.rows.size(),
        state.users.size(), items.size(), (System.nanoTime() - start) / 1_000_000);
    return state.rows.build(state.users.build(), items.build(), catalog);
  }

  /** Mutable reading state shared by train.txt and test.txt. */
  private static final class State {
    final IdIndex.Builder users = new IdIndex.Builder();
    final IdIndex.Builder items;
    final boolean closedItems;
    final String itemListName;
    final InteractionBuffer rows = new InteractionBuffer();
    // Per user: items seen so far (for duplicates) and the next ordinal timestamp.
    final List<Set<Integer>> seen = new ArrayList<>();
    long duplicates;

    State(IdIndex.Builder items, boolean closedItems, String itemListName) {
      this.items = items;
      this.closedItems = closedItems;
      this.itemListName = itemListName;
    }
  }

  private static void readUserLines(Path file, State s) throws IOException {
    try (LineSource lines = new LineSource(file, StandardCharsets.US_ASCII)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String[] f = DataFiles.tokens(line);
        String userId = lines.intId(f[0], "user id");
        int user = -1;
        for (int k = 1; k < f.length; k++) {
          String itemId = lines.intId(f[k], "item id (field " + (k + 1) + ")");
          int item;
          if (s.closedItems) {
            item = s.items.contains(itemId) ? s.items.add(itemId) : -1;
            if (item < 0) {
              throw lines.error("item " + itemId + " (field " + (k + 1) + ") is not in " + s.itemListName);
            }
          } else {
            item = s.items.add(itemId);
          }
          // Index the user only once it has an item, so users without any interaction do not appear.
          if (user < 0) {
            user = s.users.add(userId);
            if (user == s.seen.size()) {
              s.seen.add(new HashSet<>());
            }
          }
          Set<Integer> seen = s.seen.get(user);
          if (!seen.add(item)) {
            s.duplicates++;
            continue;
          }
          s.rows.add(user, item, 1f, seen.size() - 1);
        }
      }
      lines.requireRecords();
    }
  }

  /** Indexes the items of item_list.txt in list order; titles are the org_ids. */
  private static ItemCatalog readItemList(Path file, IdIndex.Builder items) throws IOException {
    List<String> titles = new ArrayList<>();
    try (LineSource lines = new LineSource(file, StandardCharsets.UTF_8)) {
      String header = lines.next();
      if (header == null) {
        throw new DataFormatException(file, "empty file: no header and no records");
      }
      if (!header.trim().startsWith("org_id")) {
        throw lines.error("expected a header line 'org_id remap_id [freebase_id]', found '" + header + "'");
      }
      for (String line = lines.next(); line != null; line = lines.next()) {
        String[] f = DataFiles.tokens(line);
        if (f.length < 2 || f.length > 3) {
          throw lines.error("expected 2 or 3 space-separated fields (org_id remap_id [freebase_id]), found "
              + f.length);
        }
        String remap = lines.intId(f[1], "remap_id");
        if (items.contains(remap)) {
          throw lines.error("duplicate remap_id " + remap);
        }
        items.add(remap);
        titles.add(f[0]);
      }
      if (titles.isEmpty()) {
        throw new DataFormatException(file, "no items after the header");
      }
    }
    List<int[]> none = new ArrayList<>(titles.size());
    int[] empty = new int[0];
    for (int k = 0; k < titles.size(); k++) {
      none.add(empty);
    }
    return new ItemCatalog(titles, none, List.of());
  }
}
