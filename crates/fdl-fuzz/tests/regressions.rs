//! Every saved fuzzing finding (`fuzz/regressions/<target>/*`) and the seed inputs (fixtures,
//! examples, expression snippets) through the function of their target: a fixed crash stays
//! fixed without a fuzzing toolchain.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files directly in `dir` and its subfolders, sorted (none when it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                pending.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs `target` on each file, naming the file that fails.
fn run(target: fn(&[u8]), paths: &[PathBuf]) {
    for p in paths {
        let data = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let outcome = std::panic::catch_unwind(|| target(&data));
        if outcome.is_err() {
            panic!("{} fails its target (message above)", p.display());
        }
    }
}

fn seeds() -> Vec<PathBuf> {
    let r = repo();
    let mut v = files(&r.join("fixtures"));
    v.extend(files(&r.join("examples")));
    v.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    assert!(v.len() > 100, "the seed fixtures were not found");
    v
}

#[test]
fn regressions_still_pass() {
    let mut ran = 0;
    for &(name, target) in fdl_fuzz::TARGETS {
        let found = files(&repo().join("fuzz/regressions").join(name));
        ran += found.len();
        run(target, &found);
    }
    assert!(ran > 0, "no regression inputs found under fuzz/regressions");
}

/// The fixtures and examples through one target (one test per target, so they run in
/// parallel).
fn seeds_pass(name: &str) {
    let (_, target) = fdl_fuzz::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a known target");
    run(*target, &seeds());
}

#[test]
fn seeds_pass_syntax() {
    seeds_pass("syntax");
}

#[test]
fn seeds_pass_reparse() {
    seeds_pass("reparse");
}

#[test]
fn seeds_pass_model() {
    seeds_pass("model");
}

#[test]
fn seeds_pass_check() {
    seeds_pass("check");
}

#[test]
fn seeds_pass_fmt() {
    seeds_pass("fmt");
}

#[test]
fn seeds_pass_ide() {
    seeds_pass("ide");
}

#[test]
fn expression_seeds_pass() {
    let found = files(&repo().join("fuzz/seeds/expr"));
    assert!(found.len() >= 10, "the expression seeds were not found");
    run(fdl_fuzz::expr, &found);
}
