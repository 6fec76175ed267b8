package com.microdrama.ops.replay;

import com.microdrama.ops.kafka.KafkaOptions;
import com.microdrama.ops.kafka.ParsedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends in small batches and waits for each batch's acknowledgements before reading on. A record counts as sent
 * only once the broker acknowledged it, so when a send fails the report says exactly what reached the topic and
 * nothing after the failed batch is attempted.
 */
public final class BatchSender {

    /** A send the broker refused; the report already holds everything acknowledged before it. */
    public static final class SendFailedException extends RuntimeException {
        SendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Pending(ParsedRecord source, String target, Future<RecordMetadata> ack) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final SendReport report;
    private final int batchSize;
    private final List<Pending> pending = new ArrayList<>();

    public BatchSender(KafkaProducer<String, byte[]> producer, SendReport report, int batchSize) {
        this.producer = producer;
        this.report = report;
        this.batchSize = batchSize;
    }

    public void send(ParsedRecord source, ProducerRecord<String, byte[]> record) {
        Future<RecordMetadata> ack;
        try {
            ack = producer.send(record);
        } catch (RuntimeException e) {
            // e.g. metadata for the target topic not available within max.block.ms
            flush();
            report.failed(source.position(), KafkaOptions.rootMessage(e));
            throw new SendFailedException("send of " + source.position() + " to " + record.topic() + " failed", e);
        }
        pending.add(new Pending(source, record.topic(), ack));
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    /** Waits for every pending acknowledgement; throws after counting them all if any failed. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        producer.flush();
        Pending firstFailure = null;
        Throwable cause = null;
        for (Pending p : pending) {
            try {
                p.ack().get();
                report.sent(p.source().typeOrInvalid(), p.source().record().partition(), p.source().record().offset(), p.target());
            } catch (ExecutionException e) {
                if (firstFailure == null) {
                    firstFailure = p;
                    cause = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (firstFailure == null) {
                    firstFailure = p;
                    cause = e;
                }
            }
        }
        pending.clear();
        if (firstFailure != null) {
            report.failed(firstFailure.source().position(), KafkaOptions.rootMessage(cause));
            throw new SendFailedException("send of " + firstFailure.source().position() + " to " + firstFailure.target()
                    + " failed", cause);
        }
    }
}
