package io.goalrank.spark.prepare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An interaction log as a Parquet table ({@code --dataset parquet}, a file or a folder of part files). Columns, by
 * name (others are ignored):
 *
 * <ul>
 *   <li>{@code user}, {@code item}: the ids, string or integer, non-null, without commas;
 *   <li>{@code rating}: numeric, optional (absent: every interaction is positive, rating 1, as a csv without it);
 *   <li>{@code time}: integer (any unit), non-null: orders the log.
 * </ul>
 *
 * <p>A table has no line order, so the log's order is defined: by {@code time}, then {@code user}, then
 * {@code item} (as strings). Users and items are indexed, and equal times broken, in that order. The table becomes
 * csv lines {@code user,item,rating,time} in that order (sorted on Spark) and goes through the csv path, so it
 * prepares exactly as a csv file of those lines ({@code SparkPrepareTest}).
 */
final class ParquetLog {
  static final String DATASET = "parquet";

  private ParquetLog() {}

  /** The table at {@code source} as csv lines in the log's order; a missing or mistyped column names the table. */
  static JavaRDD<String> csvLines(SparkSession spark, Path source) {
    Dataset<Row> table = spark.read().parquet(source.toString());
    StructType schema = table.schema();
    requireColumn(schema, source, "user", true);
    requireColumn(schema, source, "item", true);
    requireColumn(schema, source, "time", false);
    boolean rated = Arrays.asList(schema.fieldNames()).contains("rating");
    if (rated && !numeric(schema.apply("rating").dataType())) {
      throw new IllegalArgumentException(source + ": column 'rating' must be numeric, found "
          + schema.apply("rating").dataType().simpleString());
    }
    Column user = col("user").cast(DataTypes.StringType);
    Column item = col("item").cast(DataTypes.StringType);
    Column time = col("time").cast(DataTypes.LongType);
    Column rating = rated ? col("rating").cast(DataTypes.DoubleType) : lit(1.0);
    Dataset<Row> rows = table.select(user.as("user"), item.as("item"), rating.as("rating"), time.as("time"));
    for (String c : List.of("user", "item", "rating", "time")) {
      List<Row> nulls = rows.filter(col(c).isNull()).limit(1).collectAsList();
      if (!nulls.isEmpty()) {
        throw new IllegalArgumentException(source + ": column '" + c + "' has a null, e.g. in " + nulls.get(0));
      }
    }
    for (String c : List.of("user", "item")) {
      List<Row> commas = rows.filter(col(c).contains(",")).limit(1).collectAsList();
      if (!commas.isEmpty()) {
        throw new IllegalArgumentException(source + ": column '" + c + "' has an id with a comma (ids are csv "
            + "fields): " + commas.get(0));
      }
    }
    return rows.orderBy(col("time"), col("user"), col("item"))
        .select(concat_ws(",", col("user"), col("item"), col("rating"), col("time")))
        .as(Encoders.STRING()).javaRDD();
  }

  private static void requireColumn(StructType schema, Path source, String name, boolean idColumn) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(source + ": no column '" + name + "' (a Parquet log has columns user, item, "
          + "time and optionally rating; found " + String.join(", ", schema.fieldNames()) + ")");
    }
    StructField field = schema.apply(name);
    DataType type = field.dataType();
    boolean ok = idColumn ? type.equals(DataTypes.StringType) || integral(type) : integral(type);
    if (!ok) {
      throw new IllegalArgumentException(source + ": column '" + name + "' must be " + (idColumn ? "a string or an "
          + "integer" : "an integer") + ", found " + type.simpleString().toLowerCase(Locale.ROOT));
    }
  }

  private static boolean integral(DataType t) {
    return t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType);
  }

  private static boolean numeric(DataType t) {
    return integral(t) || t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType)
        || t instanceof org.apache.spark.sql.types.DecimalType;
  }
}
