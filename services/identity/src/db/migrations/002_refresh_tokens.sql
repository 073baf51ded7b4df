-- Refresh tokens are opaque; only their SHA-256 is stored. Tokens issued from one login form a family:
-- presenting a token that was already rotated means it leaked, and the whole family is revoked.
CREATE TABLE refresh_tokens (
  token_hash   bytea PRIMARY KEY,
  family_id    uuid NOT NULL,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  issued_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  revoked_at   timestamptz
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
