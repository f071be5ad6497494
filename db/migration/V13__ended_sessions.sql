-- Portal sessions that have ended (sign-out in the portal, or Keycloak's back-channel logout), by the Keycloak
-- session id (the ID token's sid). Every signed-in portal request checks it, so a copied session cookie stops
-- working at once on every instance. A row is only needed while a session cookie could still be replayed, i.e.
-- for Keycloak's longest session (SSO Session Max); older rows may be deleted.
CREATE TABLE ended_session (
    sid      TEXT PRIMARY KEY,
    ended_at TIMESTAMPTZ NOT NULL,
    how      TEXT NOT NULL CHECK (how IN ('sign-out', 'back-channel'))
);
CREATE INDEX ended_session_ended_at ON ended_session (ended_at);
