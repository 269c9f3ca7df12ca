-- Erasure (`credscore forget`, `DELETE /v1/practitioners/{id}`): one audit row per request.
-- The author id itself is not kept: its SHA-256 lets a later request be matched to this one
-- without storing what was erased.
CREATE TABLE erasures (
    id             BIGSERIAL PRIMARY KEY,
    author_sha256  TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    requested_via  TEXT NOT NULL CHECK (requested_via IN ('cli', 'api')),
    erased_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    items          BIGINT NOT NULL,
    scores         BIGINT NOT NULL,
    practitioners  BIGINT NOT NULL
);
