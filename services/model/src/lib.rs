//! credscore's model library: text normalisation, language identification, cue features
//! with evidence spans, the hashed n-gram channel, the linfa-trained credibility model,
//! training and offline scoring.
//!
//! Everything here is pure computation: no broker, no database. The services build on it.
//! The phrase and word lists behind the cues are text files under `lexicons/`.

#![warn(missing_docs)]

pub mod calibration;
pub mod features;
pub mod item;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod ngrams;
pub mod score;
pub mod spell;
pub mod stance;
pub mod text;
pub mod train;
pub mod writing;

pub use features::{Cue, Extractor};
pub use item::{Item, ItemError, Kind};
pub use lang::Lang;
pub use model::{Model, ModelArtifact, ModelError};
pub use score::{ScoreOutput, Scorer};
pub use spell::Dictionaries;
pub use stance::{Stance, StanceModel, StancePrediction};
