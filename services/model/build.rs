//! Embeds the default model artifact (`models/default.json`) when it exists, so the binary
//! scores with no setup; a checkout without it still builds, and `credscore train` makes it.

fn main() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/default.json");
    println!("cargo:rerun-if-changed={}", source.display());
    let artifact = std::fs::read_to_string(&source).unwrap_or_default();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default-model.json");
    std::fs::write(out, artifact).expect("OUT_DIR is writable");
}
