CREATE TABLE users (
  id             uuid PRIMARY KEY,
  email          text NOT NULL,
  name           text NOT NULL,
  role           text NOT NULL CHECK (role IN ('customer', 'admin')),
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Emails are stored normalised (lower case, NFKC); the unique index is what makes "email exists" atomic.
CREATE UNIQUE INDEX users_email_key ON users (email);
