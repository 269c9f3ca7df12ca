-- How much evidence each score carries either way (credscore score's `evidence_weight`, in
-- [0, 1]): a practitioner's score weighs each item by it, so short neutral comments and text
-- in a language the model does not know (weight 0) barely move, or do not move, the score.
-- Scores stored before this migration carried full weight.
ALTER TABLE scores ADD COLUMN evidence_weight DOUBLE PRECISION NOT NULL DEFAULT 1.0;
