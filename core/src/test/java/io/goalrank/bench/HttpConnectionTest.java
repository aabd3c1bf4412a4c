package io.goalrank.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The load test's own HTTP/1.1 connection: what it sends, the answers it reads, reconnecting, its timeout. */
class HttpConnectionTest {
  /** Answers each connection's requests with {@code answers} in turn, then closes it; records what it was sent. */
  private static Thread server(ServerSocket socket, List<String> answers, List<String> received, int connections) {
    Thread t = new Thread(() -> {
      try {
        for (int c = 0; c < connections; c++) {
          try (Socket s = socket.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (String answer : answers) {
              String request = readRequest(in);
              if (request == null) {
                break; // the client closed this connection
              }
              received.add(request);
              out.write(answer.getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        }
      } catch (Exception e) {
        received.add("server failed: " + e);
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** One request: its head, then as many body bytes as its Content-Length says; null at the end of the stream. */
  private static String readRequest(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      head.write(c);
    }
    String h = head.toString(StandardCharsets.US_ASCII);
    int length = Integer.parseInt(h.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
    return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void readsSizedAndChunkedAnswersOnOneConnectionAndReconnectsWhenTheServerClosedIt() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    try (ServerSocket socket = new ServerSocket(0)) {
      String sized = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\": 1}\n";
      String chunked = "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"b\"\r\n"
          + "4;x=y\r\n: 2}\r\n0\r\n\r\n";
      Thread t = server(socket, List.of(sized, chunked), received, 2);
      URI uri = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/rank");
      try (HttpConnection http = new HttpConnection(uri)) {
        byte[] body = "{\"candidates\": [\"é\"]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new HttpConnection.Answer(200, "{\"a\": 1}\n"), http.post(body, 5000));
        assertEquals(new HttpConnection.Answer(400, "{\"b\": 2}"), http.post(body, 5000));
        // the server closed the first connection after two answers: the third request goes on a new one
        assertEquals(new HttpConnection.Answer(200, "{\"a\": 1}\n"), http.post(body, 5000));
      }
      t.join(5000);
      assertEquals(3, received.size(), received.toString());
      String first = received.get(0);
      assertTrue(first.startsWith("POST /v1/rank HTTP/1.1\r\n"), first);
      assertTrue(first.contains("Content-Type: application/json\r\n"), first);
      assertTrue(first.endsWith("\r\n\r\n{\"candidates\": [\"é\"]}"), "the body as UTF-8, whole: " + first);
    }
  }

  /**
   * A malformed number in an answer's head is an IOException, which the load test counts as one failed request: a
   * NumberFormatException escaped the client thread and stopped the whole load test.
   */
  @Test
  void malformedNumbersInTheHeadAreIoExceptions() throws Exception {
    for (String bad : List.of("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\n{}",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")) {
      List<String> received = new CopyOnWriteArrayList<>();
      try (ServerSocket socket = new ServerSocket(0)) {
        Thread t = server(socket, List.of(bad), received, 1);
        URI uri = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/rank");
        try (HttpConnection http = new HttpConnection(uri)) {
          java.io.IOException e = assertThrows(java.io.IOException.class, () -> http.post(new byte[] {'{', '}'}, 5000),
              bad);
          assertTrue(e.getMessage().startsWith("not an HTTP answer: bad "), e.getMessage());
        }
        t.join(5000);
      }
    }
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsATimeout() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      URI uri = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/rank");
      try (HttpConnection http = new HttpConnection(uri)) {
        long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> http.post(new byte[] {'{', '}'}, 300));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up near its timeout");
      }
    }
  }
}
