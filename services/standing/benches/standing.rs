//! Peer standing of 100,000 practitioners over 1,000,000 reply edges (issue 13, part 6: under
//! 30 s). The graph is random but seeded: power-law-ish activity and popularity, one edge in
//! five answered back. Run with `cargo bench -p credscore-standing`.

use std::time::Instant;

use credscore_standing::{compute, synthetic::random_graph, Params};
use criterion::{criterion_group, criterion_main, Criterion};

const PRACTITIONERS: usize = 100_000;
const EDGES: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let (practitioners, edges) = random_graph(PRACTITIONERS, EDGES, 13);
    let params = Params::default();

    // One timed run up front, so the figure is printed even when criterion's output is not
    // read.
    let started = Instant::now();
    let standings = compute(&practitioners, &edges, &params).expect("valid graph");
    let elapsed = started.elapsed();
    let stats = standings.stats;
    let lifted = standings
        .practitioners
        .iter()
        .filter(|s| s.standing > 0.6)
        .count();
    let lowered = standings
        .practitioners
        .iter()
        .filter(|s| s.standing < 0.4)
        .count();
    println!(
        "standing: {PRACTITIONERS} practitioners, {EDGES} edges ({} pairs): {:.3} s \
         (build {:.3} s, solve {:.3} s), {} iterations, residual {:.1e}, converged {}; \
         {lifted} above 0.6, {lowered} below 0.4",
        stats.pairs,
        elapsed.as_secs_f64(),
        stats.build_duration.as_secs_f64(),
        stats.solve_duration.as_secs_f64(),
        stats.iterations,
        stats.residual,
        stats.converged,
    );

    let mut group = c.benchmark_group("standing");
    group.sample_size(10);
    group.bench_function("100k_practitioners_1M_edges", |b| {
        b.iter(|| compute(&practitioners, &edges, &params).expect("valid graph"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
