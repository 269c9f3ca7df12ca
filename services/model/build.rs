//! Embeds the default model artifact (`models/default.json`) when it exists, so the binary
//! scores with no setup; a checkout without it still builds, and `credscore train` makes it.
//!
//! Embeds the stance model (`models/stance.json`) the same way.
//!
//! Also hashes every file under `lexicons/` (paths and contents, in path order) into
//! `CREDSCORE_LEXICON_HASH`: the lexicons decide feature values, so they are part of the
//! feature-schema hash a trained model is checked against. The files of `lexicons/stance/`
//! are hashed apart into `CREDSCORE_STANCE_LEXICON_HASH`, for the stance schema.

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: enough to notice a change, and no build dependency.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= *b as u64;
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn main() {
    // Read when the script runs, not when it is compiled: a target directory copied from
    // another checkout reuses the compiled script, which must still read this checkout.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let manifest = manifest.as_path();
    let source = manifest.join("../../models/default.json");
    println!("cargo:rerun-if-changed={}", source.display());
    let artifact = std::fs::read_to_string(&source).unwrap_or_default();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default-model.json");
    std::fs::write(out, artifact).expect("OUT_DIR is writable");

    let stance_source = manifest.join("../../models/stance.json");
    println!("cargo:rerun-if-changed={}", stance_source.display());
    let stance = std::fs::read_to_string(&stance_source).unwrap_or_default();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("stance-model.json");
    std::fs::write(out, stance).expect("OUT_DIR is writable");

    let lexicons = manifest.join("lexicons");
    println!("cargo:rerun-if-changed={}", lexicons.display());
    let mut files = Vec::new();
    files_under(&lexicons, &mut files);
    files.sort();
    // `lexicons/stance/` belongs to the stance model: hashed apart, so that its lists never
    // make the credibility model stale, nor the other lists the stance model.
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut stance_hash = 0xcbf2_9ce4_8422_2325u64;
    for path in &files {
        let relative = path.strip_prefix(&lexicons).unwrap_or(path);
        let target = if relative.starts_with("stance") {
            &mut stance_hash
        } else {
            &mut hash
        };
        fnv(target, relative.to_string_lossy().as_bytes());
        fnv(target, &[0]);
        fnv(target, &std::fs::read(path).unwrap_or_default());
        fnv(target, &[0]);
    }
    println!("cargo:rustc-env=CREDSCORE_LEXICON_HASH={hash:016x}");
    println!("cargo:rustc-env=CREDSCORE_STANCE_LEXICON_HASH={stance_hash:016x}");
}
