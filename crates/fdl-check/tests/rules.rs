//! The registry is complete and its documentation examples are true: every rule's `bad`
//! example triggers it, every `good` example triggers nothing; every code the checker can
//! report is registered; every rule has a fixture.

use std::collections::BTreeSet;

use fdl_check::{RULES, check_source, find_rule};

mod support;
use support as render;

#[test]
fn documentation_examples_are_true() {
    let mut failures = Vec::new();
    for rule in RULES {
        let bad = check_source(rule.bad);
        if !bad.iter().any(|d| d.code == rule.code) {
            failures.push(format!(
                "{} {}: the bad example does not trigger it; it gives:\n{}",
                rule.code,
                rule.name,
                render::render(rule.bad, &bad)
            ));
        }
        let good = check_source(rule.good);
        if !good.is_empty() {
            failures.push(format!(
                "{} {}: the good example gives:\n{}",
                rule.code,
                rule.name,
                render::render(rule.good, &good)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn registry_is_consistent() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in RULES {
        assert!(
            rule.code.len() == 6
                && rule.code.starts_with("FDL")
                && rule.code[3..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            rule.code
        );
        assert!(
            rule.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is not kebab-case",
            rule.name
        );
        assert!(codes.insert(rule.code), "{} twice", rule.code);
        assert!(names.insert(rule.name), "{} twice", rule.name);
        assert!(
            !rule.summary.is_empty() && !rule.explanation.is_empty(),
            "{} is undocumented",
            rule.code
        );
        assert_eq!(find_rule(rule.name).map(|r| r.code), Some(rule.code));
        assert_eq!(
            find_rule(&rule.code.to_lowercase()).map(|r| r.code),
            Some(rule.code)
        );
    }
}

/// Every `"FDLnnn"` literal in the checker's source names a registered rule.
#[test]
fn every_reported_code_is_registered() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut stack = vec![std::path::PathBuf::from(src)];
    let mut missing = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.file_name().is_some_and(|n| n == "registry.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("\"FDL") {
                let code = &text[i + 1..i + 7];
                if code[3..].bytes().all(|b| b.is_ascii_digit()) && find_rule(code).is_none() {
                    missing.push(format!("{code} in {}", path.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "unregistered codes: {missing:?}");
}

#[test]
fn every_rule_has_a_fixture() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/invalid");
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let missing: Vec<&str> = RULES
        .iter()
        .filter(|r| {
            !files
                .iter()
                .any(|f| f.starts_with(&format!("{}-{}", r.code, r.name)))
        })
        .map(|r| r.code)
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// The README's rule table lists every rule with its name and severity.
#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../../../README.md");
    let missing: Vec<&str> = RULES
        .iter()
        .filter(|r| {
            !readme.contains(&format!(
                "| {} | `{}` | {} |",
                r.code,
                r.name,
                r.severity.as_str()
            ))
        })
        .map(|r| r.code)
        .collect();
    assert!(
        missing.is_empty(),
        "README rule table is missing or wrong for {missing:?}"
    );
}
