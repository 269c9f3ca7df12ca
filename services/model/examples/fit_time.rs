//! Scratch: times one linfa fit on the corpus design matrix.
use std::sync::Arc;

use credscore_model::train;
use credscore_model::{Dictionaries, Extractor};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};

fn main() {
    let files = train::corpus_files(std::path::Path::new("corpus")).unwrap();
    let (items, _, _) = train::load_labeled(&files).unwrap();
    let extractor = Extractor::new(Arc::new(Dictionaries::load_default().unwrap()));
    let readings = train::read_items(&extractor, &items);
    let bits: usize = std::env::var("BITS")
        .map(|b| b.parse().unwrap())
        .unwrap_or(13);
    let iters: u64 = std::env::var("ITERS")
        .map(|b| b.parse().unwrap())
        .unwrap_or(100);
    let n = 3264;
    let d = 46 + (1 << bits);
    let mask = (1u32 << bits) - 1;
    let mut x = Array2::<f64>::zeros((n, d));
    for i in 0..n {
        for (c, v) in readings[i].extracted.values.iter().enumerate() {
            x[[i, c]] = *v;
        }
        for (b, v) in &readings[i].ngrams.entries {
            x[[i, 46 + (b & mask) as usize]] += *v as f64 * 3.0;
        }
    }
    let y: Array1<usize> = items[..n].iter().map(|l| l.labels[3] as usize).collect();
    let t = std::time::Instant::now();
    if std::env::var_os("F32").is_some() {
        let ds = Dataset::new(x.mapv(|v| v as f32), y);
        let f = LogisticRegression::default()
            .alpha(1.0f32)
            .max_iterations(iters)
            .gradient_tolerance(1e-4)
            .fit(&ds)
            .unwrap();
        println!(
            "f32 bits {bits} iters {iters}: {:?} intercept {}",
            t.elapsed(),
            f.intercept()
        );
    } else {
        let ds = Dataset::new(x, y);
        let f = LogisticRegression::default()
            .alpha(1.0)
            .max_iterations(iters)
            .gradient_tolerance(1e-6)
            .fit(&ds)
            .unwrap();
        println!(
            "f64 bits {bits} iters {iters}: {:?} intercept {}",
            t.elapsed(),
            f.intercept()
        );
    }
}
