package io.goalrank.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads MovieLens 1M ({@code ml-1m}) from a directory holding:
 *
 * <ul>
 *   <li>{@code movies.dat} — {@code MovieID::Title::Genres}, genres joined by {@code |}, encoded ISO-8859-1;
 *   <li>exactly one ratings file matching {@code ratings*.dat} or {@code ratings*.dat.gz} (so the official
 *       {@code ratings.dat} and partial copies such as {@code ratings.partial-users1-2999.dat.gz} both work) —
 *       {@code UserID::MovieID::Rating::Timestamp};
 *   <li>optionally {@code users.dat}, which is not read: {@link Interactions} has no user features.
 * </ul>
 *
 * Every file may be gzipped ({@code name.gz}); gzip is recognised by content. Raw ids are the MovieID and UserID
 * strings; ratings are floats 1–5; timestamps are Unix seconds.
 *
 * <p><b>Item index and catalog.</b> Every movie of {@code movies.dat} is indexed, in file order, before any rating
 * is read, so item indices do not depend on which ratings file is present and the catalog holds all movies
 * (3,883 for ml-1m), including unrated ones. Users are indexed in order of first rating. Category names are the
 * genres sorted alphabetically (stable whatever the file order); each movie's category ids are sorted ascending.
 *
 * <p><b>Error policy.</b> Fail with {@link DataFormatException} (file and 1-based line) on: a ratings line without
 * exactly 4 {@code ::}-separated fields, a movies line without 3, a non-integer id or timestamp, an id of more than
 * 9 digits or a timestamp beyond a long (out of range), a rating that is not a number in 1–5 (or beyond a float,
 * such as {@code 1e308}: out of range), a duplicate MovieID in movies.dat, a rating of a movie missing from
 * movies.dat, a file with no records, a missing required file (the message lists the directory), several ratings files, or invalid
 * latin-1/gzip data. Blank lines are skipped silently: they carry no record. Nothing else is skipped; repeated
 * (user, movie) ratings are kept as they are, in file order.
 */
public final class MovieLensReader implements InteractionReader {
  private static final Logger LOG = LoggerFactory.getLogger(MovieLensReader.class);
  private static final Pattern RATINGS_FILE = Pattern.compile("ratings.*\\.dat(\\.gz)?");
  private static final String HINT = "ml-1m needs ratings.dat and movies.dat";

  @Override
  public String name() {
    return "ml-1m";
  }

  @Override
  public String description() {
    return "MovieLens 1M: ratings.dat, movies.dat (1-5 stars, genres as categories)";
  }

  /** 4: a rating of 4 or 5 stars is positive feedback (the paper's protocol). */
  @Override
  public PositiveThreshold defaultThreshold(Interactions data) {
    return PositiveThreshold.fixed(4f, "default for ml-1m (1-5 stars)");
  }

  @Override
  public Interactions read(Path source) throws IOException {
    DataFiles.requireDirectory(source, "ratings.dat and movies.dat (ml-1m)");
    Path moviesFile = DataFiles.require(source, "movies.dat", HINT);
    Path ratingsFile = DataFiles.requireOne(source, RATINGS_FILE, "ratings*.dat or ratings*.dat.gz", HINT);
    long start = System.nanoTime();

    IdIndex.Builder items = new IdIndex.Builder();
    ItemCatalog catalog = readMovies(moviesFile, items);
    IdIndex itemIds = items.build();

    IdIndex.Builder users = new IdIndex.Builder();
    InteractionBuffer rows = new InteractionBuffer();
    try (LineSource lines = new LineSource(ratingsFile, StandardCharsets.ISO_8859_1)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String[] f = split(line, 4, lines, "UserID::MovieID::Rating::Timestamp");
        String user = lines.intId(f[0], "UserID");
        String movie = lines.intId(f[1], "MovieID");
        float rating = lines.decimal(f[2], "Rating");
        if (rating < 1 || rating > 5) {
          throw lines.error("Rating " + f[2] + " is outside 1..5");
        }
        long timestamp = lines.integer(f[3], "Timestamp");
        int item = itemIds.indexOf(movie);
        if (item < 0) {
          throw lines.error("MovieID " + movie + " is not in " + moviesFile.getFileName() + " (line: '" + line + "')");
        }
        rows.add(users.add(user), item, rating, timestamp);
      }
      lines.requireRecords();
    }
    LOG.info("Read ml-1m from {}: {} ratings, {} users, {} movies in {} ms", source, rows.size(), users.size(),
        itemIds.size(), (System.nanoTime() - start) / 1_000_000);
    return rows.build(users.build(), itemIds, catalog);
  }

  /** Indexes every movie into {@code items} and returns the aligned catalog. */
  private static ItemCatalog readMovies(Path file, IdIndex.Builder items) throws IOException {
    List<String> titles = new ArrayList<>();
    List<String[]> genresPerMovie = new ArrayList<>();
    Map<String, Integer> genreIds = new TreeMap<>();
    try (LineSource lines = new LineSource(file, StandardCharsets.ISO_8859_1)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        // Split on the first and last "::" so a title could contain "::" without shifting the genres.
        int first = line.indexOf("::");
        int last = line.lastIndexOf("::");
        if (first < 0 || first == last) {
          long found = first < 0 ? 1 : 2;
          throw lines.error("expected 3 '::'-separated fields (MovieID::Title::Genres), found " + found);
        }
        String movie = lines.intId(line.substring(0, first), "MovieID");
        if (items.contains(movie)) {
          throw lines.error("duplicate MovieID " + movie);
        }
        items.add(movie);
        titles.add(line.substring(first + 2, last));
        String genres = line.substring(last + 2);
        String[] g = genres.isEmpty() ? new String[0] : genres.split("\\|", -1);
        for (String genre : g) {
          if (genre.isEmpty()) {
            throw lines.error("empty genre in '" + genres + "'");
          }
          genreIds.put(genre, 0);
        }
        genresPerMovie.add(g);
      }
      lines.requireRecords();
    }
    List<String> names = new ArrayList<>(genreIds.keySet());
    for (int k = 0; k < names.size(); k++) {
      genreIds.put(names.get(k), k);
    }
    List<int[]> categories = new ArrayList<>(genresPerMovie.size());
    for (String[] g : genresPerMovie) {
      categories.add(Arrays.stream(g).mapToInt(genreIds::get).distinct().sorted().toArray());
    }
    return new ItemCatalog(titles, categories, names);
  }

  private static String[] split(String line, int expected, LineSource lines, String format) {
    String[] f = DataFiles.split(line, "::");
    if (f.length != expected) {
      throw lines.error("expected " + expected + " '::'-separated fields (" + format + "), found " + f.length);
    }
    return f;
  }
}
