//! `docs/rules.md` is the registry's documentation, generated: it must be up to date, and every
//! example in it must do what it says, as read from the page itself (so an edit by hand that
//! breaks an example is caught too).

use std::path::PathBuf;

use fdl_check::docs::{FAILS, PASSES, rules_markdown};
use fdl_check::{RULES, check_source, find_rule};

fn rules_md() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md")
}

#[test]
fn rules_md_is_up_to_date() {
    let path = rules_md();
    let expected = rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty()) {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let first_difference = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "docs/rules.md is out of date (first difference at line {}); regenerate it with\n\
             \n    UPDATE_DOCS=1 cargo test -p fdl-check --test docs\n",
            first_difference + 1
        );
    }
}

/// One rule's section of the page, as read back.
#[derive(Debug, Default)]
struct Section {
    code: String,
    fails: Vec<String>,
    passes: Vec<String>,
}

/// The sections of the page: a `## CODE name` heading starts one; the first fenced block after
/// a `**Fails:**` line is a failing example, after `**Passes:**` a passing one.
fn sections(markdown: &str) -> Vec<Section> {
    enum Want {
        Nothing,
        Fails,
        Passes,
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut want = Want::Nothing;
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            let code = heading.split_whitespace().next().unwrap_or_default();
            sections.push(Section {
                code: code.to_owned(),
                ..Section::default()
            });
            want = Want::Nothing;
        } else if line == FAILS {
            want = Want::Fails;
        } else if line == PASSES {
            want = Want::Passes;
        } else if line.starts_with("```") {
            let fence: String = line.chars().take_while(|&c| c == '`').collect();
            let mut body = String::new();
            for inner in lines.by_ref() {
                if inner == fence {
                    break;
                }
                body.push_str(inner);
                body.push('\n');
            }
            let section = sections
                .last_mut()
                .expect("a fenced block before any rule heading");
            match want {
                Want::Fails => section.fails.push(body),
                Want::Passes => section.passes.push(body),
                Want::Nothing => {}
            }
            want = Want::Nothing;
        }
    }
    sections
}

#[test]
fn every_example_in_the_docs_is_true() {
    // While UPDATE_DOCS rewrites the page (in parallel with this test), read what it writes.
    let markdown = if std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty()) {
        rules_markdown()
    } else {
        std::fs::read_to_string(rules_md()).expect("read docs/rules.md")
    };
    let sections = sections(&markdown);
    let codes: Vec<&str> = sections.iter().map(|s| s.code.as_str()).collect();
    let registered: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    assert_eq!(
        codes, registered,
        "docs/rules.md has a section per rule, in order"
    );

    let mut failures = Vec::new();
    for section in &sections {
        let rule = find_rule(&section.code).expect("a registered code");
        if section.fails.len() != 1 || section.passes.len() != 1 {
            failures.push(format!(
                "{}: expected one failing and one passing example, found {} and {}",
                rule.code,
                section.fails.len(),
                section.passes.len()
            ));
        }
        for example in &section.fails {
            let found = check_source(example);
            if !found.iter().any(|d| d.code == rule.code) {
                failures.push(format!(
                    "{}: the failing example does not produce it; it gives {:?}",
                    rule.code,
                    found.iter().map(|d| d.code).collect::<Vec<_>>()
                ));
            }
        }
        for example in &section.passes {
            let found = check_source(example);
            if !found.is_empty() {
                failures.push(format!(
                    "{}: the passing example gives {:?}",
                    rule.code,
                    found
                        .iter()
                        .map(|d| format!("{} {}", d.code, d.message))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reading_back_finds_what_was_written() {
    // The reader above must not pass by reading nothing: a page with one broken example must
    // be caught.
    let rule = find_rule("FDL201").expect("FDL201");
    let page = rules_markdown();
    let broken = page.replacen(rule.bad, rule.good, 1);
    assert_ne!(page, broken);
    let section = sections(&broken)
        .into_iter()
        .find(|s| s.code == "FDL201")
        .expect("the FDL201 section");
    assert_eq!(section.fails, [rule.good.to_owned()]);
    assert!(
        !check_source(&section.fails[0])
            .iter()
            .any(|d| d.code == "FDL201"),
        "the swapped-in example no longer fails"
    );
}
