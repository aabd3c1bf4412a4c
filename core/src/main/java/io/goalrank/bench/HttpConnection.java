package io.goalrank.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection of a load-test client on a plain blocking socket: {@link #post} sends a JSON body
 * and reads the whole answer. The load test runs on the machine it measures, so its own CPU comes out of the
 * server's cores: the JDK's {@code HttpClient} spent about 0.7 ms of CPU per request on its selector thread, futures
 * and body handlers (docs/BENCHMARKS.md), this a fraction of that for the same bytes on the wire. Reads answers with a
 * {@code Content-Length} or chunked; reconnects when the server closed the connection. Not thread-safe: one per client
 * thread.
 */
final class HttpConnection implements AutoCloseable {
  /** An answer: its status code and its body as text. */
  record Answer(int status, String body) {}

  /**
   * The connection was closed before any byte of an answer came: safe to send again on a fresh one (as is a reset
   * while sending on a kept-alive connection).
   */
  private static final class Closed extends IOException {
    Closed() {
      super("the server closed the connection");
    }
  }

  private final URI uri;
  private final byte[] head;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** @param uri an {@code http} URL; its path is what every {@link #post} asks for */
  HttpConnection(URI uri) {
    this.uri = uri;
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.head = ("POST " + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * POSTs {@code body} and returns the answer.
   *
   * @param timeoutMillis the longest the answer may take; past it a {@link SocketTimeoutException} (and the
   *     connection is dropped: its state is unknown)
   */
  Answer post(byte[] body, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    boolean fresh = socket == null;
    try {
      if (fresh) {
        connect(timeoutMillis);
      }
      return exchange(body, deadline);
    } catch (Closed | java.net.SocketException e) {
      close();
      if (fresh) {
        throw e;
      }
      connect(timeoutMillis); // a kept-alive connection the server had closed: once more on a new one
      try {
        return exchange(body, deadline);
      } catch (IOException again) {
        close();
        throw again;
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect(long timeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()),
          (int) Math.min(5000, Math.max(1, timeoutMillis)));
    } catch (IOException e) {
      s.close(); // a refused or timed-out connect: not kept, so closed here
      throw e;
    }
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
  }

  private Answer exchange(byte[] body, long deadline) throws IOException {
    out.write(head);
    out.write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
    out.write('\r');
    out.write('\n');
    out.write(body);
    out.flush();
    setTimeout(deadline);
    String status = line(true);
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code = number(status.substring(9, 12), 10, "status code", status);
    long length = -1;
    boolean chunked = false;
    boolean closes = status.startsWith("HTTP/1.0");
    for (String h; !(h = line(false)).isEmpty(); ) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = number(value, 10, "Content-Length", h);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> closes = value.contains("close") || (closes && !value.contains("keep-alive"));
        default -> { }
      }
    }
    ByteArrayOutputStream answer = new ByteArrayOutputStream(length > 0 ? (int) Math.min(length, 1 << 20) : 512);
    if (chunked) {
      for (long size; (size = chunkSize(line(false))) > 0; ) {
        copy(size, answer, deadline);
        line(false); // the CRLF after the chunk
      }
      while (!line(false).isEmpty()) {
        // trailers, if any
      }
    } else if (length >= 0) {
      copy(length, answer, deadline);
    } else {
      closes = true; // neither: the body runs to the end of the connection
      in.transferTo(answer);
    }
    if (closes) {
      close();
    }
    return new Answer(code, answer.toString(StandardCharsets.UTF_8));
  }

  private static long chunkSize(String line) throws IOException {
    return number(line.split(";")[0].trim(), 16, "chunk size", line);
  }

  /**
   * A number of the answer's head; a malformed one is an {@link IOException} like any other broken answer, so the load
   * test counts it as a failed request (a NumberFormatException escaped the client thread and stopped the whole run).
   */
  private static int number(String text, int radix, String what, String line) throws IOException {
    try {
      long value = Long.parseLong(text, radix);
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) value;
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP answer: bad " + what + " in '" + line + "'");
    }
  }

  private void setTimeout(long deadline) throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000L;
    if (left <= 0) {
      throw new SocketTimeoutException("no answer in time");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
  }

  private void copy(long n, ByteArrayOutputStream to, long deadline) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
    for (long left = n; left > 0; ) {
      setTimeout(deadline);
      int got = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (got < 0) {
        throw new EOFException("the answer ended early");
      }
      to.write(buffer, 0, got);
      left -= got;
    }
  }

  /** One header line without its CRLF; at the very first byte of an answer an end of stream means {@link Closed}. */
  private String line(boolean first) throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        if (first && b.length() == 0) {
          throw new Closed();
        }
        throw new EOFException("the answer ended early");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a connection we no longer use: nothing to do
      }
      socket = null;
    }
  }
}
