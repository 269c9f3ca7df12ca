-- Re-scoring jobs (`credscore rescore`): progress and the resume point of each run, and for
-- distributed runs (`--via-kafka`) the ranges of item ids handed to the scorers.
CREATE TABLE rescore_jobs (
    id             BIGSERIAL PRIMARY KEY,
    model_version  TEXT NOT NULL REFERENCES models (version),
    filters        JSONB NOT NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('local', 'kafka')),
    status         TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
    total_items    BIGINT NOT NULL,
    scanned_items  BIGINT NOT NULL DEFAULT 0,
    written_items  BIGINT NOT NULL DEFAULT 0,
    -- Local mode: every item up to this id (in id order) is done.
    last_item_id   TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ
);
-- One running job per model version and filter set: a second run resumes it.
CREATE UNIQUE INDEX rescore_jobs_running_idx ON rescore_jobs (model_version, filters, mode)
    WHERE status = 'running';

CREATE TABLE rescore_ranges (
    job_id    BIGINT NOT NULL REFERENCES rescore_jobs (id),
    first_id  TEXT NOT NULL,
    last_id   TEXT NOT NULL,
    items     INT NOT NULL,
    done_at   TIMESTAMPTZ,
    PRIMARY KEY (job_id, first_id)
);
