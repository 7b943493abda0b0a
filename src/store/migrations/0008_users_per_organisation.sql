-- User names unique per organisation (log-in chooses the organisation by host name or on the
-- log-in page), what user administration needs, and the atomic log-in rate limit.

ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_username_key;
ALTER TABLE app_user ADD CONSTRAINT app_user_org_username UNIQUE (org_id, username);
-- An administrator's reset (or a new user's temporary password) asks for a new password at the next log-in.
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN last_login_at timestamptz;

-- The host names that choose the organisation at log-in, e.g. prognos.orebro.se.
ALTER TABLE organisation ADD COLUMN host_names text[] NOT NULL DEFAULT '{}';

-- The log-in rate limit: one row per counter, reserved with one atomic INSERT … ON CONFLICT
-- DO UPDATE before the password is hashed, so parallel attempts see each other.
--   scope 'user_addr': (user name, client address) — the strict per-source limit;
--   scope 'user':      the user name from every address (higher limit, not applied from an
--                      address the user has logged in from before);
--   scope 'addr':      the client address across user names (likewise).
-- failures counts the attempts not known to have succeeded (reserved ones included);
-- blocked_until is the exponential back-off once the limit is reached; good_at (user_addr
-- only) when the user last logged in from that address.
CREATE TABLE login_throttle (
  org_id text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('user_addr', 'user', 'addr')),
  key text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  last_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  good_at timestamptz,
  PRIMARY KEY (org_id, scope, key)
);
