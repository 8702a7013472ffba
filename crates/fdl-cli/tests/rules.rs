//! `fdl rules` and `fdl explain`.

mod common;

use common::{code, fdl, stderr, stdout, transcript};
use fdl_check::{RULES, check_source};
use serde_json::Value;

#[test]
fn rules_table() {
    let output = fdl(&["rules"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), RULES.len() + 1, "a header and a line per rule");
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["code", "name", "severity", "catches"]
    );
    for (line, rule) in lines[1..].iter().zip(RULES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            words[..3],
            [rule.code, rule.name, rule.severity.as_str()],
            "{line}"
        );
        assert!(line.ends_with(rule.summary), "{line}");
    }
    let goto = lines
        .iter()
        .find(|l| l.starts_with("FDL201"))
        .expect("FDL201");
    insta::assert_snapshot!(goto, @"FDL201  goto-target-missing            error     A `goto` names no step of the same list.");
}

#[test]
fn rules_json() {
    let output = fdl(&["rules", "--format", "json"]);
    assert_eq!(code(&output), 0);
    let rules: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let rules = rules.as_array().expect("an array");
    assert_eq!(rules.len(), RULES.len());
    for (json, rule) in rules.iter().zip(RULES) {
        assert_eq!(json["code"], rule.code);
        assert_eq!(json["name"], rule.name);
        assert_eq!(json["severity"], rule.severity.as_str());
        assert_eq!(json["summary"], rule.summary);
        assert_eq!(json["explanation"], rule.explanation);
        assert_eq!(json["bad"], rule.bad);
        assert_eq!(json["good"], rule.good);
    }
}

#[test]
fn explain_by_code() {
    let output = fdl(&["explain", "FDL201"]);
    insta::assert_snapshot!(transcript(&output));
}

#[test]
fn explain_by_name_or_lower_case_code_is_the_same() {
    let by_code = stdout(&fdl(&["explain", "FDL107"]));
    assert_eq!(stdout(&fdl(&["explain", "legacy-version"])), by_code);
    assert_eq!(stdout(&fdl(&["explain", "fdl107"])), by_code);
    // Several at once, in the order asked, separated by a blank line.
    let two = stdout(&fdl(&["explain", "FDL107", "FDL201"]));
    assert_eq!(
        two,
        format!("{by_code}\n{}", stdout(&fdl(&["explain", "FDL201"])))
    );
}

#[test]
fn explained_examples_do_what_they_say() {
    // The examples as printed (indented by four spaces) are the registry's, verbatim.
    for rule in RULES {
        let text = stdout(&fdl(&["explain", rule.code]));
        let (_, examples) = text.split_once("\nFails:\n\n").expect("Fails:");
        let (bad, good) = examples.split_once("\nPasses:\n\n").expect("Passes:");
        let unindent = |block: &str| -> String {
            block
                .lines()
                .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
                .collect()
        };
        let (bad, good) = (unindent(bad), unindent(good));
        assert_eq!(bad, rule.bad, "{}", rule.code);
        assert_eq!(good, rule.good, "{}", rule.code);
        assert!(check_source(&bad).iter().any(|d| d.code == rule.code));
        assert!(check_source(&good).is_empty(), "{}", rule.code);
    }
}

#[test]
fn explain_unknown_rules() {
    let output = fdl(&["explain", "FDL201", "goto-target-mising"]);
    assert_eq!(code(&output), 2);
    assert_eq!(stdout(&output), "", "nothing is printed before the error");
    assert_eq!(
        stderr(&output),
        "error: unknown rule `goto-target-mising`; did you mean `goto-target-missing`? \
         (`fdl rules` lists them)\n"
    );
    let output = fdl(&["explain", "FDL999"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).starts_with("error: unknown rule `FDL999`"));
    let output = fdl(&["explain"]);
    assert_eq!(code(&output), 2, "a rule is required");
}
