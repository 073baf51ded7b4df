-- Message ids each consumer has handled, committed with the handler's effect: a redelivery finds its id
-- here and does nothing.
CREATE TABLE inbox (
  consumer    text NOT NULL,
  message_id  text NOT NULL,
  handled_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
