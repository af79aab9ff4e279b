//! The whole pipeline in memory — parse, validate, emit every artifact — for the shipped
//! catalog and synthetic catalogs of 1,000 and 10,000 codes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kiwi_errors_codegen::{Artifact, parse_catalog};

use kiwi_errors_lab::synthetic;

fn pipeline(source: &str) -> usize {
    let catalog = parse_catalog("errors.toml", source).expect("valid catalog");
    Artifact::ALL.iter().map(|a| a.render(&catalog).len()).sum()
}

fn benches(c: &mut Criterion) {
    let shipped = include_str!("../../../catalog/errors.toml").to_owned();
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for (id, source) in [
        ("shipped", shipped),
        ("1000", synthetic::catalog(1_000)),
        ("10000", synthetic::catalog(10_000)),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(id), &source, |b, source| {
            b.iter(|| black_box(pipeline(black_box(source))))
        });
    }
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
