//! Random edits of every fixture (`support::mutate`): the formatter never panics; what the YAML
//! layer rejects is refused with `FormatError::Syntax`; everything else formats without the
//! guard tripping, and the result keeps every promise. Range formatting of a random range of
//! the same texts never panics and never trips its guard either.
//!
//! `FDL_FMT_ROUNDS` (edits per fixture, default 6) and `FDL_FMT_SEED` run it longer or
//! differently, e.g. `FDL_FMT_ROUNDS=60 FDL_FMT_SEED=7 cargo test -p fdl-fmt --test robustness`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use fdl_fmt::{FormatError, Options};

mod support;
use support::Rng;

fn fixtures() -> Vec<PathBuf> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
    let own = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(root), PathBuf::from(own)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let path = entry.expect("fixture entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What went wrong formatting `text`, if anything.
fn problem(text: &str, rng: &mut Rng) -> Option<String> {
    let options = Options::default();
    let result = catch_unwind(|| fdl_fmt::format(text, &options));
    let formatted = match result {
        Err(_) => return Some("format panicked".to_string()),
        Ok(Err(FormatError::Syntax)) if support::has_syntax_errors(text) => None,
        Ok(Err(e)) => return Some(format!("format failed: {e:?}")),
        Ok(Ok(out)) => Some(out),
    };
    if let Some(out) = &formatted
        && let Err(e) = support::check_output(text, out, &options)
    {
        return Some(e);
    }
    let a = rng.below(text.len() + 1);
    let b = rng.below(text.len() + 1);
    let range = a.min(b)..a.max(b);
    let ranged = catch_unwind(AssertUnwindSafe(|| {
        fdl_fmt::format_range(text, range.clone(), &options)
    }));
    match ranged {
        Err(_) => Some(format!("format_range({range:?}) panicked")),
        Ok(Err(FormatError::Syntax)) if formatted.is_none() => None,
        Ok(Err(e)) => Some(format!("format_range({range:?}) failed: {e:?}")),
        Ok(Ok(_)) => None,
    }
}

#[test]
fn random_edits_of_the_fixtures() {
    let rounds = env_number("FDL_FMT_ROUNDS", 6);
    let mut rng = Rng(env_number("FDL_FMT_SEED", 1));
    let mut failures = Vec::new();
    for path in fixtures() {
        let original = std::fs::read_to_string(&path).expect("fixture text");
        let mut text = original.clone();
        for _ in 0..rounds {
            text = support::mutate::mutate(&text, &mut rng);
            if let Some(why) = problem(&text, &mut rng) {
                failures.push(format!("{}: {why}\n--- input ---\n{text}", path.display()));
                text = original.clone();
            } else if support::has_syntax_errors(&text) && rng.below(3) == 0 {
                text = original.clone();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n=====\n")
    );
}

#[test]
fn non_ascii_text_in_a_directive_keeps_every_position() {
    let text = "%YAM中L 1.2\n---\nversion: v1\n";
    assert_eq!(
        fdl_fmt::format(text, &Options::default()).ok().as_deref(),
        Some(text)
    );
}
