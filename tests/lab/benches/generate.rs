//! The whole pipeline in memory — parse, validate, emit every artifact — for the shipped
//! catalog and synthetic catalogs of 1,000 and 10,000 codes (`generate/…`), and parse +
//! validate alone (`validate/…`), the baseline that generation is measured against.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kiwi_errors_codegen::{Artifact, parse_catalog};

use kiwi_errors_lab::synthetic;

/// Parses and validates a catalog, then renders every file of every artifact; the
/// bytes written.
fn pipeline(source: &str) -> usize {
    let catalog = parse_catalog("errors.toml", source).expect("valid catalog");
    Artifact::files_of(Artifact::ALL, &catalog)
        .iter()
        .map(|(_, text)| text.len())
        .sum()
}

fn benches(c: &mut Criterion) {
    let shipped = include_str!("../../../catalog/errors.toml").to_owned();
    let catalogs = [
        ("shipped", shipped),
        ("1000", synthetic::catalog(1_000)),
        ("10000", synthetic::catalog(10_000)),
    ];
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    for (id, source) in catalogs.iter().skip(1) {
        group.bench_with_input(BenchmarkId::from_parameter(id), source, |b, source| {
            b.iter(|| black_box(parse_catalog("errors.toml", black_box(source)).is_ok()))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    for (id, source) in &catalogs {
        group.bench_with_input(BenchmarkId::from_parameter(id), source, |b, source| {
            b.iter(|| black_box(pipeline(black_box(source))))
        });
    }
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
