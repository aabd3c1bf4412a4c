package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetReadersTest {
  @Test
  void knowsEachReaderByItsName() {
    // the built-in readers first (a test may register one more after them)
    assertEquals(List.of("ml-1m", "amazon-book", "csv"), DatasetReaders.names().subList(0, 3));
    for (String name : DatasetReaders.names()) {
      assertEquals(name, DatasetReaders.forName(name).name());
    }
    assertInstanceOf(MovieLensReader.class, DatasetReaders.forName("ml-1m"));
  }

  @Test
  void unknownNameListsValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetReaders.forName("ml-20m"));
    assertTrue(e.getMessage().contains("'ml-20m'") && e.getMessage().contains("[ml-1m, amazon-book, csv"),
        e.getMessage());
  }

  @Test
  void theDefaultThresholdIsTheReadersOwn() {
    assertEquals(new PositiveThreshold(4f, "default for ml-1m (1-5 stars)", null),
        PositiveThreshold.resolve(DatasetReaders.forName("ml-1m"), null, null));
    assertEquals(1f, DatasetReaders.forName("amazon-book").defaultThreshold(null).value());
    assertEquals(new PositiveThreshold(3f, "--threshold", null),
        PositiveThreshold.resolve(DatasetReaders.forName("ml-1m"), 3f, null));
    // a rated csv without --threshold: 1, with a warning naming the ratings it holds
    Interactions rated = new Interactions(IdIndex.of(List.of("u")), IdIndex.of(List.of("a", "b")), new int[] {0, 0},
        new int[] {0, 1}, new float[] {2, 5}, new long[] {0, 1}, ItemCatalog.empty());
    PositiveThreshold csv = PositiveThreshold.resolve(DatasetReaders.forName("csv"), null, rated);
    assertEquals(1f, csv.value());
    assertTrue(csv.warning().contains("values from 2 to 5"), csv.warning());
    assertThrows(IllegalStateException.class, () -> DatasetReaders.add(MovieLensReader::new));
  }
}
