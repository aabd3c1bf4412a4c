package io.goalrank.group;

import io.goalrank.core.RankingPolicy;

/**
 * The teacher's own best list as a ranking policy, handed to the {@code teacher-greedy} group source through
 * {@link GroupContext.Builder#optExtra}. The trainer adds it when its teacher has one (the reward model).
 */
public record TeacherArgmax(RankingPolicy policy) {}
