package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInteractionReaderTest {
  private final CsvInteractionReader reader = new CsvInteractionReader();
  @TempDir Path tmp;

  @Test
  void readsFixtureWithHeader() throws IOException {
    Interactions data = reader.read(TestFiles.fixture("tiny.csv"));
    assertEquals(3, data.size());
    assertEquals(List.of("alice", "bob"), data.userIds().rawIds());
    assertEquals(List.of("i1", "i2"), data.itemIds().rawIds());
    assertArrayEquals(new int[] {0, 1, 0}, data.users());
    assertArrayEquals(new int[] {0, 1, 1}, data.items());
    assertArrayEquals(new float[] {4.5f, 3f, 1f}, data.ratings());
    assertArrayEquals(new long[] {100, 90, 110}, data.timestamps());
    assertEquals(0, data.catalog().size());
  }

  @Test
  void twoColumnsWithoutHeaderDefaultRatingAndRowOrder() throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), "u1,a", " u2 , b", "u1,b");
    Interactions data = reader.read(file);
    assertEquals(List.of("u1", "u2"), data.userIds().rawIds());
    assertArrayEquals(new float[] {1, 1, 1}, data.ratings());
    assertArrayEquals(new long[] {0, 1, 2}, data.timestamps());
  }

  @Test
  void twoColumnHeader() throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), "userId,itemId", "1,2", "3,4");
    Interactions data = reader.read(file);
    assertEquals(2, data.size());
    assertEquals(List.of("1", "3"), data.userIds().rawIds());
  }

  @Test
  void idsThatStartLikeColumnNamesAreData() throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), "user1,item7", "user2,item7");
    assertEquals(2, reader.read(file).size());
  }

  @Test
  void threeColumnsNumericIdsNoHeader() throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), "1,10,5", "2,10,0.5");
    Interactions data = reader.read(file);
    assertArrayEquals(new float[] {5f, 0.5f}, data.ratings());
    assertArrayEquals(new long[] {0, 1}, data.timestamps());
  }

  @Test
  void readsGzip() throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), "user,item,rating", "a,b,2", "c,d,3");
    Path gz = TestFiles.gzip(file);
    Interactions data = reader.read(gz);
    assertEquals(2, data.size());
    assertArrayEquals(new float[] {2f, 3f}, data.ratings());
  }

  @Test
  void nonNumericRating() throws IOException {
    assertError("log.csv:3: rating is not a number: 'good'", "user,item,rating", "a,b,2", "a,c,good");
  }

  @Test
  void nonNumericRatingOnFirstLineThatIsNoHeader() throws IOException {
    assertError("log.csv:1: rating is not a number: 'x'", "a,b,x", "a,c,1");
  }

  @Test
  void nonNumericTimestamp() throws IOException {
    assertError("log.csv:2: timestamp is not an integer: 'yesterday'", "a,b,1,5", "a,c,1,yesterday");
  }

  @Test
  void fieldCountChanges() throws IOException {
    assertError("log.csv:4: expected 4 fields (as on line 1), found 3",
        "user,item,rating,timestamp", "a,b,1,5", "", "a,c,1");
  }

  @Test
  void tooFewFields() throws IOException {
    assertError("log.csv:1: expected 2 to 4 comma-separated fields (user,item[,rating[,timestamp]]), found 1",
        "a;b;1");
  }

  @Test
  void emptyId() throws IOException {
    assertError("log.csv:2: empty item id", "a,b", "a,");
  }

  @Test
  void emptyFile() throws IOException {
    assertError("log.csv: empty file: no records", "", " ");
  }

  @Test
  void headerOnly() throws IOException {
    assertError("log.csv: no records after the header", "user,item,rating");
  }

  @Test
  void directoryIsRejected() {
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(tmp));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void invalidUtf8NamesLine() throws IOException {
    Path file = tmp.resolve("log.csv");
    Files.write(file, new byte[] {'a', ',', 'b', '\n', 'c', ',', (byte) 0xE9, '\n'});
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(file));
    assertTrue(e.getMessage().contains("log.csv:2: not valid UTF-8 text"), e.getMessage());
  }

  private void assertError(String expected, String... lines) throws IOException {
    Path file = TestFiles.write(tmp.resolve("log.csv"), lines);
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(file));
    assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void ratingBeyondAFloatIsOutOfRangeNotNotANumber() throws IOException {
    assertError("log.csv:2: rating 1e308 is out of range: a 32-bit float holds magnitudes from "
        + Float.MIN_VALUE + " to " + Float.MAX_VALUE, "a,b,1", "a,c,1e308");
    assertError("log.csv:1: rating -1e-60 is out of range: a 32-bit float holds magnitudes from "
        + Float.MIN_VALUE + " to " + Float.MAX_VALUE, "a,b,-1e-60");
  }

  @Test
  void timestampBeyondALongIsOutOfRangeNotNotAnInteger() throws IOException {
    assertError("log.csv:2: timestamp 99999999999999999999 is out of range: at most " + Long.MAX_VALUE
        + " in magnitude (a 64-bit integer)", "a,b,1,5", "a,c,1,99999999999999999999");
  }
}
