//! Formatting never changes what `fdl check` says about a flow: for every fixture that formats,
//! the diagnostics (by code, and suppressions included) are the same before and after, with and
//! without key reordering and at a narrow width that splits flow lists. A suppression comment
//! that stops working after `fdl fmt`, or a rule that reads the layout, shows up here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fdl_fmt::Options;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    let mut folders = vec![
        root,
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    ];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a fixture folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The diagnostics' codes with their counts.
fn codes(text: &str) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in fdl_check::check_source(text) {
        *counts.entry(d.code).or_default() += 1;
    }
    counts
}

#[test]
fn formatting_keeps_every_diagnostic() {
    let settings = [
        Options::default(),
        Options {
            reorder_keys: false,
            ..Options::default()
        },
        Options {
            line_width: 30,
            ..Options::default()
        },
    ];
    let mut formatted = 0;
    let mut failures = Vec::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("UTF-8 fixture");
        let before = codes(&text);
        for options in &settings {
            let Ok(out) = fdl_fmt::format(&text, options) else {
                continue;
            };
            formatted += 1;
            let after = codes(&out);
            if after != before {
                failures.push(format!(
                    "{} ({options:?}): {before:?} became {after:?}",
                    path.display()
                ));
            }
        }
    }
    assert!(formatted > 300, "only {formatted} formatted fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
