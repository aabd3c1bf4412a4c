package io.goalrank.group;

import io.goalrank.core.RankingPolicy;
import io.goalrank.core.RequestBatch;
import io.goalrank.core.SamplingPolicy;

/**
 * {@code teacher-greedy}: the teacher's own best list (for the reward model, its greedy list, Table 1's
 * {@code reward-greedy}); one list per request. With it in the group and a small reference temperature the reference
 * puts its mass on that list, so training asks whether the generator can at least reach its teacher's argmax (the
 * "ceiling" run of docs/RESULTS.md).
 */
final class TeacherGreedySource implements GroupSource {
  private final RankingPolicy teacher;
  private final int listLength;

  TeacherGreedySource(GroupContext context) {
    this.teacher = context.extra(TeacherArgmax.class).map(TeacherArgmax::policy).orElseThrow(() ->
        new IllegalArgumentException("group source 'teacher-greedy' needs a teacher with a greedy list (a reward "
            + "model, or the simulator's true utility)"));
    this.listLength = context.listLength();
  }

  @Override
  public String name() {
    return "teacher-greedy";
  }

  @Override
  public int[][][] propose(RequestBatch batch, SamplingPolicy generator, int count, long seed) {
    return GroupSource.repeat(teacher.rank(batch, listLength).lists(), count);
  }
}
