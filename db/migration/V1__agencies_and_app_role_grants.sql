-- The application role gets only what the portal needs. Migrations run as the owner role;
-- later migrations narrow rights per table (e.g. the audit table is INSERT/SELECT only).
GRANT USAGE ON SCHEMA public TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${appRole};

-- An agency is an organisation on the network. Its slug is the `agency` claim in Keycloak tokens.
CREATE TABLE agency (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        VARCHAR(64)  NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT agency_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$'),
    CONSTRAINT agency_kind_known CHECK (kind IN ('hospital', 'community-health', 'behavioral-health',
        'community-support', 'housing', 'social-support', 'commissioner'))
);
