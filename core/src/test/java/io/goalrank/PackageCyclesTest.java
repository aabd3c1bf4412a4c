package io.goalrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails when the packages {@code io.goalrank.*} of {@code src/main/java} depend on each other in a cycle, naming
 * the classes behind every edge of the cycle. A dependency is any mention of {@code io.goalrank.PKG.Class} in code
 * (an import or a qualified name; comments and string literals do not count). Same-package references need no
 * import and are not edges. The scan reads the source, so it needs no extra library (ArchUnit is not in the build).
 */
class PackageCyclesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/goalrank");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+io\\.goalrank(?:\\.([a-z][\\w.]*))?;");
  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.goalrank\\.((?:[a-z]\\w*\\.)*)([A-Z]\\w*|\\*)");
  private static final String ROOT = "(io.goalrank)";

  @Test
  void packagesFormNoCycle() {
    Map<String, Map<String, Set<String>>> graph = dependencies(SOURCES);
    List<List<String>> cycles = new ArrayList<>();
    for (List<String> component : stronglyConnected(graph)) {
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
    StringBuilder why = new StringBuilder();
    for (List<String> component : cycles) {
      // the whole component can be large; one shortest loop through it names the edges to cut first
      List<String> loop = shortestLoop(graph, component);
      why.append("\npackages ").append(component).append(" depend on each other; one loop:");
      for (int i = 0; i + 1 < loop.size(); i++) {
        String from = loop.get(i);
        String to = loop.get(i + 1);
        why.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(graph.get(from).get(to));
      }
    }
    assertTrue(cycles.isEmpty(), why.toString());
  }

  @Test
  void theScanFindsACycleAndIgnoresComments() {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    add(graph, "a", "package io.goalrank.a;\nimport io.goalrank.b.B;\nclass A {}");
    add(graph, "b", "package io.goalrank.b;\nclass B { io.goalrank.c.C c; }");
    add(graph, "c", "package io.goalrank.c;\nimport io.goalrank.a.A;\nclass C {}");
    add(graph, "e", "package io.goalrank.e.sub;\nimport io.goalrank.a.sub.*;\nclass E {}");
    add(graph, "d",
        "package io.goalrank.d;\n/** {@link io.goalrank.a.A} */ class D { String s = \"io.goalrank.a.A\"; }");
    List<List<String>> big = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
    assertEquals(List.of(List.of("a", "b", "c")), big);
    assertEquals(List.of("a", "b", "c", "a"), shortestLoop(graph, big.get(0)));
    assertEquals(Set.of("a.sub"), graph.get("e.sub").keySet(), "sub-packages are packages of their own");
    assertTrue(graph.get("d").isEmpty(), "comments and strings are not dependencies: " + graph.get("d"));
  }

  @Test
  void theScanSeesThePackages() {
    Map<String, Map<String, Set<String>>> graph = dependencies(SOURCES);
    assertTrue(graph.keySet().containsAll(List.of("core", "data", "model", "policy", "train", "cli")),
        graph.keySet()::toString);
    assertTrue(graph.get("policy").containsKey("core"), "policy uses core");
  }

  /** The shortest path from the component's first package back to itself, inside the component (breadth first). */
  private static List<String> shortestLoop(Map<String, Map<String, Set<String>>> graph, List<String> component) {
    String start = component.get(0);
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
        if (!component.contains(w) || cameFrom.containsKey(w)) {
          continue;
        }
        cameFrom.put(w, v);
        if (w.equals(start)) {
          List<String> loop = new ArrayList<>(List.of(start));
          for (String u = v; !u.equals(start); u = cameFrom.get(u)) {
            loop.add(0, u);
          }
          loop.add(0, start);
          return loop;
        }
        queue.add(w);
      }
    }
    throw new IllegalStateException("no loop through " + start + " in " + component);
  }

  /** Package (last segments after io.goalrank) → package it mentions → "Class->Mentioned" pairs. */
  private static Map<String, Map<String, Set<String>>> dependencies(Path root) {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String name = file.getFileName().toString().replace(".java", "");
        addFile(graph, name, Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  private static void add(Map<String, Map<String, Set<String>>> graph, String name, String source) {
    addFile(graph, name.toUpperCase(), source);
  }

  private static void addFile(Map<String, Map<String, Set<String>>> graph, String className, String source) {
    String code = withoutCommentsAndStrings(source);
    Matcher pkg = PACKAGE.matcher(code);
    if (!pkg.find()) {
      throw new IllegalStateException(className + ": no io.goalrank package declaration");
    }
    String from = pkg.group(1) == null ? ROOT : pkg.group(1);
    Map<String, Set<String>> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
    Matcher ref = REFERENCE.matcher(code.substring(pkg.end()));
    while (ref.find()) {
      String to = ref.group(1).isEmpty() ? ROOT : ref.group(1).substring(0, ref.group(1).length() - 1);
      if (!to.equals(from)) {
        edges.computeIfAbsent(to, k -> new TreeSet<>()).add(className + "->" + ref.group(2));
      }
    }
  }

  /** Drops comments and the contents of string, text-block and char literals, so a mention there is no edge. */
  static String withoutCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && s.charAt(i) != c) {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Tarjan's strongly connected components; each component's members sorted, for stable messages. */
  static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      component.sort(null);
      out.add(component);
    }
  }
}
