//! Micro-benchmarks of the per-row hot paths (issue #8), on the rows of the shipped
//! `samples/hai-phong` project: decoding a file, legacy-text repair, normalising a
//! row, name parsing, place resolution, folding, and the matching stage: blocking,
//! scoring and clustering together, then blocking alone and scoring one pair alone
//! on records prepared once (`matching::Stages`).
//!
//!     cargo bench --bench hot_paths            # all
//!     cargo bench --bench hot_paths -- name    # those whose id contains "name"
//!
//! The end-to-end numbers are `scripts/bench.sh`'s; see BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use sapnhap::i18n::Lang;
use sapnhap::matching::{self, Constraints};
use sapnhap::normalize::record::{FileContext, normalize};
use sapnhap::normalize::{name, place, text};
use sapnhap::pipeline::{self, Options, Run};
use sapnhap::project::Project;
use sapnhap::read::{decode, legacy};
use sapnhap::record::{Field, Ref};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/hai-phong")
}

/// The sample merged once: its raw and normalised records.
fn sample_run() -> Run {
    let project = Project::load(&sample_dir(), Lang::En).expect("sample project loads");
    let opts = Options {
        decisions: Vec::new(),
        lang: Lang::En,
    };
    pipeline::run(project, &opts).expect("sample project merges")
}

fn values(run: &Run, field: Field) -> Vec<String> {
    run.inputs
        .records
        .iter()
        .filter_map(|r| r.get(field))
        .map(str::to_string)
        .collect()
}

fn reading(c: &mut Criterion) {
    let bytes = std::fs::read(sample_dir().join("hp/dang-vien.csv")).expect("sample file");
    c.bench_function("decode/utf8_csv_file", |b| {
        b.iter(|| decode::decode(black_box(&bytes), None))
    });
    let cells = [
        ("ascii", "Nguyen Van An"),
        ("unicode", "Nguyễn Thị Hằng"),
        ("latin1_lookalike", "Lê Hà"),
        ("tcvn3", "NguyÔn V¨n Hïng"),
        ("vni", "Nguyeãn Vaên Huøng"),
    ];
    for (kind, cell) in cells {
        c.bench_function(&format!("legacy/repair_cell/{kind}"), |b| {
            b.iter(|| legacy::repair_cell(black_box(cell)))
        });
    }
}

fn normalising(c: &mut Criterion) {
    let run = sample_run();
    let raw = &run.inputs.records;
    c.bench_function("normalize/row (per sample row)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % raw.len();
            let r = &raw[i];
            let reference = Ref {
                source: "HP".into(),
                roster: r.origin.roster,
                record_id: r.record_id.as_str().into(),
            };
            normalize(black_box(r), i as u32, reference, FileContext::default())
        })
    });
    let names = values(&run, Field::FullName);
    c.bench_function("name/parse (per name)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % names.len();
            name::parse(black_box(&names[i]))
        })
    });
    let places = values(&run, Field::Hometown);
    c.bench_function("place/resolve (per hometown)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % places.len();
            place::resolve(black_box(&places[i]))
        })
    });
    c.bench_function("text/fold (per name)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % names.len();
            text::fold(black_box(&names[i]))
        })
    });
    c.bench_function("text/nfc (per name)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % names.len();
            text::nfc(black_box(&names[i]))
        })
    });
}

fn matching_stage(c: &mut Criterion) {
    let run = sample_run();
    let settings = run.project.matching.clone();
    let constraints = Constraints::default();
    let mut group = c.benchmark_group("matching");
    group.sample_size(20);
    group.bench_function("link (block + score + cluster, sample records)", |b| {
        b.iter(|| matching::link(black_box(&run.records), &settings, &constraints))
    });
    // One scored pair, with the model built from the sample (what `explain` does).
    let pair = run
        .linkage
        .pairs
        .first()
        .map(|p| (p.a, p.b))
        .unwrap_or((0, 1));
    group.bench_function("explain one pair (model + score)", |b| {
        b.iter(|| matching::explain(black_box(&run.records), pair.0, pair.1, &settings))
    });
    // The stages alone, on records prepared once.
    let stages = matching::Stages::new(&run.records, &settings);
    group.bench_function("block (keys + candidate pairs, sample records)", |b| {
        b.iter(|| stages.candidates(black_box(&settings)))
    });
    let pairs: Vec<(u32, u32)> = stages.scored().collect();
    group.bench_function("score one pair (per scored pair)", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = (i + 1) % pairs.len().max(1);
            let (x, y) = pairs.get(i).copied().unwrap_or((0, 1));
            stages.weight(black_box(x), black_box(y))
        })
    });
    group.finish();
}

criterion_group!(benches, reading, normalising, matching_stage);
criterion_main!(benches);
