-- credscore schema: practitioners, items (text kept so re-scoring is possible), the model
-- registry, and one score row per item and model version.

CREATE TABLE practitioners (
    id                 TEXT PRIMARY KEY,
    first_seen_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    item_count         BIGINT NOT NULL DEFAULT 0,
    -- Aggregate under the active model, kept current by the scorer (see README).
    model_version      TEXT,
    credibility        DOUBLE PRECISION,
    credibility_low    DOUBLE PRECISION,
    credibility_high   DOUBLE PRECISION,
    effective_items    DOUBLE PRECISION,
    cue_profile        JSONB,
    updated_at         TIMESTAMPTZ
);
CREATE INDEX practitioners_credibility_idx ON practitioners (credibility DESC NULLS LAST, id);

CREATE TABLE items (
    id           TEXT PRIMARY KEY,
    author       TEXT NOT NULL REFERENCES practitioners (id),
    kind         TEXT NOT NULL CHECK (kind IN ('post', 'comment')),
    parent_id    TEXT,
    platform     TEXT,
    lang_hint    TEXT,
    url          TEXT,
    created_at   TIMESTAMPTZ,
    text         TEXT NOT NULL,
    ingested_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX items_author_idx ON items (author, created_at DESC);
CREATE INDEX items_created_idx ON items (created_at);

CREATE TABLE models (
    version      TEXT PRIMARY KEY,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    artifact     JSONB NOT NULL,
    metrics      JSONB NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT false,
    activated_at TIMESTAMPTZ
);
-- At most one active model.
CREATE UNIQUE INDEX models_one_active_idx ON models (active) WHERE active;

CREATE TABLE scores (
    item_id             TEXT NOT NULL REFERENCES items (id),
    model_version       TEXT NOT NULL REFERENCES models (version),
    author              TEXT NOT NULL,
    lang                TEXT NOT NULL,
    credibility         DOUBLE PRECISION NOT NULL,
    self_promotion      DOUBLE PRECISION NOT NULL,
    unverifiable_claims DOUBLE PRECISION NOT NULL,
    writing_errors      DOUBLE PRECISION NOT NULL,
    explanation         JSONB NOT NULL,
    scored_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, model_version)
);
CREATE INDEX scores_author_idx ON scores (author, model_version);
CREATE INDEX scores_scored_at_idx ON scores (scored_at);
CREATE INDEX scores_model_credibility_idx ON scores (model_version, credibility);
