package io.goalrank.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {
  private final MovieLensReader reader = new MovieLensReader();
  @TempDir Path tmp;

  @Test
  void readsTinyFixture() throws IOException {
    Interactions data = reader.read(TestFiles.fixture("ml-1m-tiny"));
    assertEquals(5, data.size());
    assertEquals(List.of("1", "2", "3"), data.userIds().rawIds());
    // all movies of movies.dat, in file order, including the never-rated one
    assertEquals(List.of("1", "2", "6", "9"), data.itemIds().rawIds());
    assertEquals(4, data.catalog().size());
    assertEquals(List.of("Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Drama", "Fantasy",
        "Thriller"), data.catalog().categoryNames());
    assertArrayEquals(new int[] {2, 3, 4}, data.catalog().categories().get(0)); // Toy Story
    assertArrayEquals(new int[] {0, 5, 8}, data.catalog().categories().get(2)); // Heat
    assertEquals("Jumanji (1995)", data.catalog().titles().get(1));
    assertArrayEquals(new int[] {0, 0, 1, 1, 2}, data.users());
    assertArrayEquals(new int[] {0, 1, 2, 0, 1}, data.items());
    assertArrayEquals(new float[] {5, 3, 4, 1, 2}, data.ratings());
    assertArrayEquals(new long[] {978300760L, 978302109L, 978301968L, 978300275L, 978824291L}, data.timestamps());
  }

  @Test
  void decodesLatin1Titles() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    ByteArrayOutputStream movies = new ByteArrayOutputStream();
    movies.write("1::Toy Story (1995)::Comedy\n".getBytes(StandardCharsets.US_ASCII));
    // "Misérables" in ISO-8859-1: é is the single byte 0xE9 (invalid as UTF-8)
    movies.write("2::Mis".getBytes(StandardCharsets.US_ASCII));
    movies.write(0xE9);
    movies.write("rables, Les (1995)::Drama|Musical\n6::Caf".getBytes(StandardCharsets.US_ASCII));
    movies.write(0xE9);
    movies.write(" (1995)::Drama\n9::X::Drama\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("movies.dat"), movies.toByteArray());
    Interactions data = reader.read(dir);
    assertEquals("Misérables, Les (1995)", data.catalog().titles().get(1));
    assertEquals("Café (1995)", data.catalog().titles().get(2));
  }

  @Test
  void readsGzippedFilesAndPartialRatingsName() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    TestFiles.gzip(dir.resolve("movies.dat"));
    TestFiles.gzip(dir.resolve("users.dat"));
    TestFiles.gzipTo(dir.resolve("ratings.dat"), dir.resolve("ratings.partial-users1-2999.dat.gz"));
    Interactions data = reader.read(dir);
    assertEquals(5, data.size());
    assertEquals(4, data.catalog().size());
    assertEquals(978824291L, data.timestamps()[4]);
  }

  @Test
  void severalRatingsFilesAreNamed() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    Files.copy(dir.resolve("ratings.dat"), dir.resolve("ratings.old.dat"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("ratings.dat") && e.getMessage().contains("ratings.old.dat"), e.getMessage());
  }

  @Test
  void missingMoviesListsDirectory() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    Files.delete(dir.resolve("movies.dat"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("missing required file movies.dat"), e.getMessage());
    assertTrue(e.getMessage().contains("[ratings.dat, users.dat]"), e.getMessage());
  }

  @Test
  void missingRatingsListsDirectory() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    Files.delete(dir.resolve("ratings.dat"));
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("ratings*.dat"), e.getMessage());
    assertTrue(e.getMessage().contains("[movies.dat, users.dat]"), e.getMessage());
  }

  @Test
  void notADirectory() {
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void wrongFieldCount() throws IOException {
    assertRatingsError("ratings.dat:2: expected 4 '::'-separated fields (UserID::MovieID::Rating::Timestamp), "
        + "found 3", "1::1::5::978300760", "1::2::3");
  }

  @Test
  void nonNumericRating() throws IOException {
    assertRatingsError("ratings.dat:3: Rating is not a number: 'five'",
        "1::1::5::978300760", "", "1::2::five::978300760");
  }

  @Test
  void ratingOutOfRange() throws IOException {
    assertRatingsError("ratings.dat:1: Rating 7 is outside 1..5", "1::1::7::978300760");
  }

  @Test
  void nonNumericTimestamp() throws IOException {
    assertRatingsError("ratings.dat:2: Timestamp is not an integer: '2000-01-01'",
        "1::1::5::978300760", "1::2::3::2000-01-01");
  }

  @Test
  void nonNumericUserId() throws IOException {
    assertRatingsError("ratings.dat:1: UserID is not a non-negative integer id: 'u1'", "u1::1::5::978300760");
  }

  @Test
  void ratingOfUnknownMovie() throws IOException {
    assertRatingsError("ratings.dat:2: MovieID 99 is not in movies.dat (line: '1::99::3::978300760')",
        "1::1::5::978300760", "1::99::3::978300760");
  }

  @Test
  void emptyRatings() throws IOException {
    assertRatingsError("ratings.dat: empty file: no records", "", "");
  }

  @Test
  void malformedMovieLine() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    TestFiles.write(dir.resolve("movies.dat"), "1::Toy Story (1995)::Comedy", "2 Jumanji Fantasy");
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("movies.dat:2: expected 3 '::'-separated fields"), e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void duplicateMovie() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    TestFiles.write(dir.resolve("movies.dat"), "1::A::Comedy", "2::B::Drama", "1::C::Drama");
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("movies.dat:3: duplicate MovieID 1"), e.getMessage());
  }

  @Test
  void truncatedGzip() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    Path gz = TestFiles.gzip(dir.resolve("ratings.dat"));
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length - 12));
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("ratings.dat.gz:") && e.getMessage().contains("truncated gzip"),
        e.getMessage());
  }

  @Test
  void zipArchiveIsNamed() throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    Files.write(dir.resolve("movies.dat"), new byte[] {'P', 'K', 3, 4, 0, 0});
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("movies.dat: is a zip archive"), e.getMessage());
  }

  @Test
  void sharedPartialMovieLens() throws IOException {
    Path dir = TestFiles.sharedData("ml-1m");
    assumeTrue(Files.isDirectory(dir), "no shared ml-1m data at " + dir);
    long start = System.nanoTime();
    Interactions data = reader.read(dir);
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("shared ml-1m: %d ratings, %d users, %d items (%d rated), %d genres, read in %d ms%n",
        data.size(), data.numUsers(), data.numItems(),
        java.util.Arrays.stream(data.items()).distinct().count(), data.catalog().numCategories(), ms);
    assertEquals(487_650, data.size());
    assertEquals(2_999, data.numUsers());
    assertEquals(3_883, data.numItems());
    assertEquals(3_883, data.catalog().size());
    assertEquals(3_615, java.util.Arrays.stream(data.items()).distinct().count());
    assertEquals(18, data.catalog().numCategories());
    assertEquals("Misérables, Les (1995)", data.catalog().titles().get(data.itemIds().indexOf("73")));
    assertEquals("1", data.userIds().rawId(data.users()[0]));
    assertEquals("1193", data.itemIds().rawId(data.items()[0]));
    assertEquals(5f, data.ratings()[0]);
    assertEquals(978300760L, data.timestamps()[0]);
  }

  private void assertRatingsError(String expected, String... ratingLines) throws IOException {
    Path dir = TestFiles.copyFixture("ml-1m-tiny", tmp);
    TestFiles.write(dir.resolve("ratings.dat"), ratingLines);
    DataFormatException e = assertThrows(DataFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
  }

  @Test
  void ratingBeyondAFloatIsOutOfRangeNotNotANumber() throws IOException {
    assertRatingsError("ratings.dat:2: Rating 1e308 is out of range: a 32-bit float holds magnitudes from "
        + Float.MIN_VALUE + " to " + Float.MAX_VALUE, "1::1::5::978300760", "1::2::1e308::978300760");
  }

  @Test
  void timestampBeyondALongIsOutOfRange() throws IOException {
    assertRatingsError("ratings.dat:1: Timestamp 978300760978300760978 is out of range: at most " + Long.MAX_VALUE
        + " in magnitude (a 64-bit integer)", "1::1::5::978300760978300760978");
  }

  @Test
  void idOfTenDigitsOrMoreIsOutOfRange() throws IOException {
    assertRatingsError("ratings.dat:1: UserID 12345678901 is out of range: integer ids have at most 9 digits",
        "12345678901::1::5::978300760");
  }
}
