-- Single sign-on with OpenID Connect, per organisation (`prognos org oidc …`).
-- The client secret is never stored: only where the server reads it (`env:NAME` or `file:/path`).
CREATE TABLE oidc_config (
  org_id text NOT NULL REFERENCES organisation (id),
  -- what the log-in page's button says: "Logga in med <display_name>"
  display_name text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret_ref text,
  scopes text NOT NULL DEFAULT 'openid profile email',
  -- the claim whose values (a string or an array of strings, e.g. Entra ID's `groups`) are mapped to roles
  role_claim text NOT NULL DEFAULT 'groups',
  -- the claim that names the user (Entra ID: preferred_username, the UPN)
  username_claim text NOT NULL DEFAULT 'preferred_username',
  create_users boolean NOT NULL DEFAULT false,
  local_passwords boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id)
);

-- A claim value (a group's id or name, an app role) and the role and units it gives.
CREATE TABLE oidc_role_mapping (
  org_id text NOT NULL,
  claim_value text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'controller', 'unit_editor', 'reader')),
  units text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, claim_value),
  FOREIGN KEY (org_id) REFERENCES oidc_config (org_id) ON DELETE CASCADE
);

-- Which user a provider's subject (`sub`, stable at the provider) is.
CREATE TABLE oidc_identity (
  org_id text NOT NULL REFERENCES organisation (id),
  subject text NOT NULL,
  user_id bigint NOT NULL,
  first_login_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, subject)
);

-- A log-in under way: state, nonce and PKCE verifier, found by the random key in a short-lived
-- cookie (only its SHA-256 is stored), used once.
CREATE TABLE oidc_login (
  org_id text NOT NULL REFERENCES organisation (id),
  key_hash text NOT NULL,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  next_path text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key_hash)
);

-- The ID token of a session made by single sign-on: the provider's log-out is told whose it is.
CREATE TABLE oidc_session (
  org_id text NOT NULL REFERENCES organisation (id),
  token_hash text NOT NULL,
  id_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, token_hash)
);
