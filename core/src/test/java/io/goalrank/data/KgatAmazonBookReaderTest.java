package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KgatAmazonBookReaderTest {
  private final KgatAmazonBookReader reader = new KgatAmazonBookReader();
  @TempDir Path tmp;

  @Test
  void readsTinyFixture() throws IOException {
    Interactions data = reader.read(TestFiles.fixture("kgat-tiny"));
    assertEquals(9, data.size());
    assertEquals(List.of("0", "1", "2"), data.userIds().rawIds());
    // item_list present: every listed item, in list order, titles are the org_ids, no categories
    assertEquals(List.of("0", "1", "2", "3", "4", "5"), data.itemIds().rawIds());
    assertEquals(List.of("B000", "B001", "B002", "B003", "B004", "B005"), data.catalog().titles());
    assertEquals(0, data.catalog().numCategories());
    // train rows in file order, then test rows
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 0, 0, 1}, data.users());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 1, 3, 4, 0}, data.items());
    assertArrayEquals(new long[] {0, 1, 2, 0, 1, 0, 3, 4, 2}, data.timestamps());
    for (float r : data.ratings()) {
      assertEquals(1f, r);
    }
    assertEquals(0, reader.lastSkippedDuplicates());
  }

  @Test
  void trainItemsComeBeforeTestItemsPerUser() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    // a user split over two train lines, and test items interleaved with other users
    TestFiles.write(dir.resolve("train.txt"), "0 5 4", "1 0", "0 3");
    TestFiles.write(dir.resolve("test.txt"), "1 2", "0 0 1");
    Interactions data = reader.read(dir);
    long maxTrain0 = -1;
    long minTest0 = Long.MAX_VALUE;
    for (int r = 0; r < data.size(); r++) {
      if (data.users()[r] == 0) {
        String item = data.itemIds().rawId(data.items()[r]);
        boolean test = item.equals("0") || item.equals("1");
        if (test) {
          minTest0 = Math.min(minTest0, data.timestamps()[r]);
        } else {
          maxTrain0 = Math.max(maxTrain0, data.timestamps()[r]);
        }
      }
    }
    assertEquals(2, maxTrain0); // items 5, 4, 3 at 0, 1, 2
    assertEquals(3, minTest0);
    assertArrayEquals(new long[] {0, 1, 0, 2, 1, 3, 4}, data.timestamps());
  }

  @Test
  void duplicatesAreSkippedAndCounted() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    TestFiles.write(dir.resolve("train.txt"), "0 0 1 1 2", "1 3 4");
    TestFiles.write(dir.resolve("test.txt"), "0 2 3", "1 0");
    Interactions data = reader.read(dir);
    assertEquals(2, reader.lastSkippedDuplicates()); // the second 1 in train, the 2 again in test
    assertEquals(7, data.size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 3, 0}, data.items());
    assertArrayEquals(new long[] {0, 1, 2, 0, 1, 3, 2}, data.timestamps());
  }

  @Test
  void withoutItemListItemsFollowFirstUse() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    Files.delete(dir.resolve("item_list.txt"));
    Interactions data = reader.read(dir);
    assertEquals(List.of("0", "1", "2", "3", "4"), data.itemIds().rawIds());
    assertEquals(0, data.catalog().size());
    assertEquals(9, data.size());
  }

  @Test
  void readsGzippedFiles() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    for (String f : List.of("train.txt", "test.txt", "item_list.txt", "user_list.txt")) {
      TestFiles.gzip(dir.resolve(f));
    }
    Interactions data = reader.read(dir);
    assertEquals(9, data.size());
    assertEquals("B004", data.catalog().titles().get(4));
  }

  @Test
  void missingTestListsDirectory() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    Files.delete(dir.resolve("test.txt"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("missing required file test.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("[item_list.txt, train.txt, user_list.txt]"), e.getMessage());
  }

  @Test
  void nonNumericItem() throws IOException {
    assertTrainError("train.txt:2: item id (field 3) is not a non-negative integer id: 'x'", "0 1", "1 2 x");
  }

  @Test
  void nonNumericUser() throws IOException {
    assertTrainError("train.txt:1: user id is not a non-negative integer id: 'u0'", "u0 1");
  }

  @Test
  void itemMissingFromItemList() throws IOException {
    assertTrainError("train.txt:3: item 77 (field 2) is not in item_list.txt", "0 1", "", "1 77");
  }

  @Test
  void emptyTrain() throws IOException {
    assertTrainError("train.txt: empty file: no records");
  }

  @Test
  void malformedItemList() throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    TestFiles.write(dir.resolve("item_list.txt"), "org_id remap_id freebase_id", "B000 0 m.a", "B001");
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().endsWith("item_list.txt:3: expected 2 or 3 space-separated fields "
        + "(org_id remap_id [freebase_id]), found 1"), e.getMessage());
  }

  @Test
  void sharedKgatAmazonBook() throws IOException {
    Path dir = TestFiles.sharedData("amazon-book/kgat");
    assumeTrue(Files.isDirectory(dir), "no shared KGAT amazon-book data at " + dir);
    long start = System.nanoTime();
    Interactions data = reader.read(dir);
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("shared amazon-book: %d interactions, %d users, %d items, %d duplicates skipped, "
        + "read in %d ms%n", data.size(), data.numUsers(), data.numItems(), reader.lastSkippedDuplicates(), ms);
    assertEquals(70_679, data.numUsers());
    assertEquals(24_915, data.numItems());
    assertEquals(24_915, data.catalog().size());
    assertEquals(0, reader.lastSkippedDuplicates());
    assertEquals(846_434, data.size());
    assertEquals("0553092626", data.catalog().titles().get(data.itemIds().indexOf("0")));
    // user 0: 32 train items (0..31), then the test items 4828 774 ...
    int r = 0;
    for (; r < data.size() && data.timestamps()[r] < 32 && data.users()[r] == 0; r++) {
      assertEquals(String.valueOf(r), data.itemIds().rawId(data.items()[r]));
    }
    assertEquals(32, r);
  }

  private void assertTrainError(String expected, String... trainLines) throws IOException {
    Path dir = TestFiles.copyFixture("kgat-tiny", tmp);
    TestFiles.write(dir.resolve("train.txt"), trainLines);
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
  }
}
