-- Access tokens are signed with an Ed25519 key kept here, so every instance signs with the same key and
-- tokens survive restarts. Retired keys stay published until tokens signed by them have expired.
CREATE TABLE signing_keys (
  kid          text PRIMARY KEY,
  algorithm    text NOT NULL,
  public_jwk   jsonb NOT NULL,
  private_jwk  jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);
