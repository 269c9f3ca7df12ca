-- Running, decayed sums behind each practitioner's score, so a batch updates them from its
-- new scores alone instead of re-reading every stored score of its authors. Weights are kept
-- relative to decay_reference (the practitioner's latest item time).
ALTER TABLE practitioners
    ADD COLUMN decay_reference          TIMESTAMPTZ,
    ADD COLUMN sum_weight               DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN sum_credibility          DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN sum_self_promotion       DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN sum_unverifiable_claims  DOUBLE PRECISION NOT NULL DEFAULT 0,
    ADD COLUMN sum_writing_errors       DOUBLE PRECISION NOT NULL DEFAULT 0;
