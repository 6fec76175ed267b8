package com.microdrama.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 that can hold every chunk it forwards for a while: the soak's network-delay fault. This
 * kernel has no {@code netem} qdisc (no modules to load), and {@code tbf} can limit rate but not delay, so the delay
 * is added in user space between the bench's service copies and what they call through it (PostgreSQL, and
 * entitlement-service as catalog- and payment-service call it). Each chunk waits {@link #delayMs()} before it is
 * written on, in both directions, so a request/answer round trip gains about twice the delay. Kafka is not relayed:
 * its clients connect to the address the broker advertises, not to the one they were given.
 */
final class DelayProxy implements AutoCloseable {
    private final String name;
    private final int upstreamPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int delayMs;
    private volatile boolean closed;

    DelayProxy(String name, int upstreamPort) throws IOException {
        this.name = name;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        Thread t = new Thread(this::accept, "delay-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String name() {
        return name;
    }

    int delayMs() {
        return delayMs;
    }

    void delay(int ms) {
        delayMs = ms;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    upstream.setTcpNoDelay(true);
                } catch (IOException e) {
                    // the upstream is down (a restart): refuse as it would have
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream, "up");
                pump(upstream, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("WARN: delay proxy " + name + ": " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    int d = delayMs;
                    if (d > 0) {
                        Thread.sleep(d);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed or reset: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "delay-proxy-" + name + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(this::closeQuietly);
    }
}
