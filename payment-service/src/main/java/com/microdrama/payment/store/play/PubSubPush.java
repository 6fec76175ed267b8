package com.microdrama.payment.store.play;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The body Pub/Sub pushes: one message whose {@code data} is a base64 developer notification. Pub/Sub writes the
 * message id and publish time in two spellings; either is read.
 */
public record PubSubPush(Message message, String subscription) {

    public record Message(String data, Map<String, String> attributes, String messageId,
                          @JsonProperty("message_id") String messageIdSnake, String publishTime) {
        public String id() {
            return messageId != null && !messageId.isBlank() ? messageId : messageIdSnake;
        }
    }
}
