package io.goalrank.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.goalrank.engine.EngineKind;
import io.goalrank.model.ModelConfig;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Ranker#rank(List, java.util.function.IntPredicate)}: cancelled queries get no answer, the others theirs. */
class RankerCancellationTest {
  private static RankQuery query(int candidates, int seed) {
    int[] c = IntStream.range(0, candidates).map(i -> (i * 7 + seed) % 40).distinct().toArray();
    return new RankQuery("u" + seed, new int[] {seed % 40}, new byte[] {1}, c, 0);
  }

  @Test
  void cancelledQueriesAreDroppedOnBothEngines() {
    ModelConfig c = ModelConfig.preset("tiny", 40, 8, 4).withDropout(0f);
    List<RankQuery> queries = List.of(query(10, 1), query(12, 2), query(10, 3), query(12, 4));
    for (EngineKind kind : EngineKind.values()) {
      try (Ranker ranker = Ranker.random(c, 5, 100, kind)) {
        List<RankResponse> all = ranker.rank(queries);
        // every 12-candidate query cancelled: that group is never decoded, on either engine
        List<RankResponse> some = ranker.rank(queries, k -> queries.get(k).candidates().length == 12);
        assertEquals(all.get(0).items(), some.get(0).items(), kind + " query 0");
        assertEquals(all.get(2).items(), some.get(2).items(), kind + " query 2");
        assertNull(some.get(1), kind + " query 1");
        assertNull(some.get(3), kind + " query 3");
        // one query of a group cancelled: the group still runs; the Java engine decodes it with the others (same
        // group of its lockstep decode), DJL cannot stop a forward pass: either way it is answered
        List<RankResponse> one = ranker.rank(queries, k -> k == 0);
        assertNotNull(one.get(2));
        assertEquals(all.get(2).items(), one.get(2).items(), kind + " query 2 beside a cancelled one");
      }
    }
  }
}
