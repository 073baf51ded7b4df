-- Who can be written to: a local copy of identity's users, kept from UserRegistered / UserUpdated events
-- (the service never reads identity's tables).
CREATE TABLE recipients (
  user_id     uuid PRIMARY KEY,
  email       text NOT NULL,
  name        text NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Every message sent. One message per (kind, reference): one welcome per user, later one confirmation
-- per order, whatever the transport redelivers.
CREATE TABLE notifications (
  id               uuid PRIMARY KEY,
  seq              bigserial NOT NULL UNIQUE,
  recipient_id     uuid NOT NULL,
  address          text NOT NULL,
  kind             text NOT NULL,
  reference        text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  source_event_id  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, reference)
);
CREATE INDEX notifications_mailbox_idx ON notifications (recipient_id, seq DESC);
