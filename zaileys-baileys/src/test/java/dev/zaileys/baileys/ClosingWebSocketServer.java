package dev.zaileys.baileys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local WhatsApp stand-in that accepts each WebSocket connection (a real RFC 6455 handshake)
 * and then closes it, as a server dropping a client would, or, when holding, keeps it open and
 * silent. Listens on the loopback only.
 */
final class ClosingWebSocketServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread loop;
    private final boolean hold;
    private final java.util.List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    ClosingWebSocketServer() throws IOException {
        this(false);
    }

    ClosingWebSocketServer(boolean hold) throws IOException {
        this.hold = hold;
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        loop = new Thread(this::serve, "closing-ws-server");
        loop.setDaemon(true);
        loop.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws/chat";
    }

    /** Handshakes completed so far. */
    int accepted() {
        return accepted.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket s = null;
            try {
                s = server.accept();
                String request = readHead(s.getInputStream());
                Matcher m = KEY.matcher(request);
                if (!m.find()) {
                    continue;
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                accepted.incrementAndGet();
                if (hold) {
                    held.add(s);
                    s = null;
                }
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                // closed, or a client that went away mid-handshake
            } finally {
                closeQuietly(s);
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        held.forEach(ClosingWebSocketServer::closeQuietly);
    }
}
