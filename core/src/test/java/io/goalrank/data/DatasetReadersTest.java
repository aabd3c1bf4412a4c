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
    assertEquals(List.of("ml-1m", "amazon-book", "csv"), DatasetReaders.names());
    for (String name : DatasetReaders.names()) {
      assertEquals(name, DatasetReaders.forName(name).name());
    }
    assertInstanceOf(MovieLensReader.class, DatasetReaders.forName("ml-1m"));
  }

  @Test
  void unknownNameListsValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetReaders.forName("ml-20m"));
    assertTrue(e.getMessage().contains("'ml-20m'") && e.getMessage().contains("[ml-1m, amazon-book, csv]"),
        e.getMessage());
  }
}
