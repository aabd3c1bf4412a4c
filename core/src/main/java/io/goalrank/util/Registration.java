package io.goalrank.util;

/**
 * A registration in one of the project's registries (group sources, model kinds, dataset readers). The registries'
 * own entries are permanent and ignore it; a test that registers an example entry closes it to leave the registry as
 * it found it for the tests after it.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {
  /** Removes the entry again. */
  @Override
  void close();
}
