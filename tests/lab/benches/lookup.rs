//! Code lookup: `ErrorCode::from_str` against two `strum::EnumString` enums over the
//! same names — one that fails on an unknown name (`strum`) and one whose
//! `#[strum(default)]` variant keeps it, as kiwi does (`strum_default`) — for the
//! shipped catalog and synthetic catalogs of 1,000 and 10,000 codes (all expanded by the
//! same `error_catalog!` macro); and `as_str`.

use std::hint::black_box;
use std::str::FromStr;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use kiwi_errors_lab::synthetic;

mod strum_shipped {
    include!(concat!(env!("OUT_DIR"), "/strum_shipped.rs"));
}
mod strum_default_shipped {
    include!(concat!(env!("OUT_DIR"), "/strum_default_shipped.rs"));
}
mod kiwi_1000 {
    include!(concat!(env!("OUT_DIR"), "/synthetic_1000.rs"));
}
mod strum_1000 {
    include!(concat!(env!("OUT_DIR"), "/strum_1000.rs"));
}
mod strum_default_1000 {
    include!(concat!(env!("OUT_DIR"), "/strum_default_1000.rs"));
}
mod kiwi_10000 {
    include!(concat!(env!("OUT_DIR"), "/synthetic_10000.rs"));
}
mod strum_10000 {
    include!(concat!(env!("OUT_DIR"), "/strum_10000.rs"));
}
mod strum_default_10000 {
    include!(concat!(env!("OUT_DIR"), "/strum_default_10000.rs"));
}

/// 64 inputs: 56 known names spread over the catalog, 8 unknown ones that look alike.
fn inputs(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = (0..56)
        .map(|i| names[(i * 7919 + 3) % names.len()].clone())
        .collect();
    for i in 0..8 {
        let base = &names[(i * 104_729) % names.len()];
        out.push(match i % 4 {
            0 => format!("{base}_v999"),
            1 => base[..base.len() - 1].to_owned(),
            2 => format!("x{}", &base[1..]),
            _ => "brand_new_code".to_owned(),
        });
    }
    out
}

macro_rules! lookup_pair {
    ($group:expr, $size:literal, $names:expr, $kiwi:ty, $strum:ty, $strum_default:ty) => {{
        let inputs = inputs(&$names);
        $group.throughput(Throughput::Elements(inputs.len() as u64));
        $group.bench_with_input(BenchmarkId::new("kiwi", $size), &inputs, |b, inputs| {
            b.iter(|| {
                for name in inputs {
                    black_box(<$kiwi>::from_str(black_box(name)).ok());
                }
            })
        });
        $group.bench_with_input(BenchmarkId::new("strum", $size), &inputs, |b, inputs| {
            b.iter(|| {
                for name in inputs {
                    black_box(<$strum>::from_str(black_box(name)).ok());
                }
            })
        });
        $group.bench_with_input(
            BenchmarkId::new("strum_default", $size),
            &inputs,
            |b, inputs| {
                b.iter(|| {
                    for name in inputs {
                        black_box(<$strum_default>::from_str(black_box(name)).ok());
                    }
                })
            },
        );
    }};
}

fn lookup(c: &mut Criterion) {
    let shipped: Vec<String> = kiwi_errors::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let n1000: Vec<String> = (0..1000).map(synthetic::code_name).collect();
    let n10000: Vec<String> = (0..10_000).map(synthetic::code_name).collect();
    let mut group = c.benchmark_group("lookup");
    lookup_pair!(
        group,
        "shipped",
        shipped,
        kiwi_errors::ErrorCode,
        strum_shipped::StrumCode,
        strum_default_shipped::StrumDefaultCode
    );
    lookup_pair!(
        group,
        "1000",
        n1000,
        kiwi_1000::ErrorCode,
        strum_1000::StrumCode,
        strum_default_1000::StrumDefaultCode
    );
    lookup_pair!(
        group,
        "10000",
        n10000,
        kiwi_10000::ErrorCode,
        strum_10000::StrumCode,
        strum_default_10000::StrumDefaultCode
    );
    group.finish();
}

fn as_str(c: &mut Criterion) {
    let mut group = c.benchmark_group("as_str");
    let shipped: Vec<kiwi_errors::ErrorCode> = (0..64)
        .map(|i| kiwi_errors::ErrorCode::ALL[i % kiwi_errors::ErrorCode::ALL.len()].clone())
        .collect();
    let big: Vec<kiwi_10000::ErrorCode> = (0..64)
        .map(|i| kiwi_10000::ErrorCode::ALL[(i * 7919) % 10_000].clone())
        .collect();
    group.throughput(Throughput::Elements(64));
    group.bench_function(BenchmarkId::new("kiwi", "shipped"), |b| {
        b.iter(|| {
            for code in black_box(&shipped) {
                black_box(code.as_str());
            }
        })
    });
    group.bench_function(BenchmarkId::new("kiwi", "10000"), |b| {
        b.iter(|| {
            for code in black_box(&big) {
                black_box(code.as_str());
            }
        })
    });
    group.finish();
}

/// The synthetic tables must hold what their names say, and the `strum_default`
/// baseline must keep unknown names as kiwi does, before they are measured.
fn sanity() {
    let unknown = "brand_new_code";
    assert_eq!(
        strum_default_10000::StrumDefaultCode::from_str(unknown),
        Ok(strum_default_10000::StrumDefaultCode::Unknown(
            unknown.to_owned()
        ))
    );
    assert!(strum_10000::StrumCode::from_str(unknown).is_err());
    assert_eq!(kiwi_1000::ErrorCode::ALL.len(), 1000);
    assert_eq!(kiwi_10000::ErrorCode::ALL.len(), 10_000);
    for (i, code) in kiwi_10000::ErrorCode::ALL.iter().enumerate() {
        assert_eq!(code.as_str(), synthetic::code_name(i));
        assert_eq!(
            kiwi_10000::ErrorCode::lookup(code.as_str()).as_ref(),
            Some(code)
        );
    }
}

fn benches(c: &mut Criterion) {
    sanity();
    lookup(c);
    as_str(c);
}

criterion_group!(group, benches);
criterion_main!(group);
