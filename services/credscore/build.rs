//! Generates the event types from proto/ with protox (a pure-Rust protobuf compiler), so
//! no system `protoc` is needed.

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let file = root.join("credscore/v1/events.proto");
    println!("cargo:rerun-if-changed={}", file.display());
    // `sqlx::migrate!` embeds migrations/ at compile time: a migration added or removed must
    // rebuild the crate, or a binary would carry a stale list.
    println!("cargo:rerun-if-changed=../../migrations");
    let descriptors =
        protox::compile([&file], [&root]).expect("proto/credscore/v1/events.proto compiles");
    prost_build::Config::new()
        .compile_fds(descriptors)
        .expect("generating Rust types from the event schemas");
}
