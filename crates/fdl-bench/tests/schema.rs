//! The JSON Schema (`fdl schema`) never rejects a flow that `fdl check` accepts: generated
//! flows, every fixture, and thousands of mutations of the valid fixtures (values and keys
//! swapped for others, entries removed). An error in the editor that the checker does not
//! report would be a false positive of the schema. (Here rather than in fdl-model, which
//! fdl-bench depends on through fdl-check.)

use std::path::{Path, PathBuf};

use fdl_bench::{flow, flow_with_steps};
use fdl_check::{Severity, check_source};
use fdl_model::catalogue::StepKind;
use fdl_model::schema::{schema, to_json};
use fdl_syntax::{Node, NodeKind, Span};
use rayon::prelude::*;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&schema()).expect("the schema compiles")
}

/// The flow as JSON, or `None` when the YAML layer reports anything (syntax errors, duplicate
/// or merge keys, several documents): then the JSON is not exactly what the file says.
fn flow_json(text: &str) -> Option<Value> {
    let parsed = fdl_syntax::parse(text);
    if !parsed.errors.is_empty() || parsed.document_count > 1 {
        return None;
    }
    Some(parsed.root.as_ref().map_or(Value::Null, to_json))
}

/// `None` when the schema accepts the text or the checker reports an error on it; otherwise the schema's complaints.
fn false_errors(validator: &jsonschema::Validator, text: &str) -> Option<String> {
    let json = flow_json(text)?;
    if validator.is_valid(&json) {
        return None;
    }
    let diagnostics = check_source(text);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let complaints: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("  {}: {e}", e.instance_path()))
        .collect();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    Some(format!(
        "the checker reports no error (only {codes:?}) but the schema rejects:\n{}\n--- flow ---\n{text}",
        complaints.join("\n")
    ))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(path);
        }
    }
}

fn fixtures(kind: &str) -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    yaml_files(&Path::new(FIXTURES).join(kind), &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

#[test]
fn generated_flows_pass() {
    let validator = validator();
    for seed in 0..40 {
        let text = flow(seed, 8_000);
        let json = flow_json(&text).expect("a generated flow is valid YAML");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:#?}");
    }
    let big = flow_with_steps(7, 400);
    let json = flow_json(&big).expect("valid YAML");
    assert!(validator.is_valid(&json));
}

#[test]
fn every_fixture_the_checker_accepts_passes() {
    let validator = validator();
    let mut checked = 0;
    for kind in ["valid", "invalid"] {
        for (path, text) in fixtures(kind) {
            if let Some(problem) = false_errors(&validator, &text) {
                panic!("{}: {problem}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} fixtures");
}

#[test]
fn step_examples_are_clean_flows() {
    for kind in StepKind::ALL {
        let mut text = String::from("version: v1\ntype: flow\nsteps:\n  -\n");
        for line in kind.example().lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
        let diagnostics = check_source(&text);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.is_empty(), "{}: {codes:?}\n{text}", kind.name());
    }
}

fn has_error(text: &str) -> bool {
    check_source(text)
        .iter()
        .any(|d| d.severity == Severity::Error)
}

/// Two mistakes the schema rejected before the checker reported them (found by the mutation
/// test below): a step `name: ~` (null in YAML: no name), and a non-string `action` next to a
/// `resourceArn`.
#[test]
fn schema_and_checker_agree_on_former_gaps() {
    let validator = validator();
    let null_name = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: ~\n";
    let action = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: t\n    resourceArn: acs:fc:::services/s/functions/f\n    action: [a]\n";
    for text in [null_name, action] {
        let json = flow_json(text).expect("valid YAML");
        assert!(!validator.is_valid(&json), "the schema accepts:\n{text}");
        assert!(has_error(text), "the checker accepts:\n{text}");
    }
}

/// Values that probe every kind of field: booleans and their YAML 1.1 spellings, numbers at and
/// past the limits, blanks, nulls, collections, placeholders, paths, ARNs, timestamps.
const VALUES: &[&str] = &[
    "yes",
    "No",
    "true",
    "'true'",
    "0",
    "-1",
    "1",
    "1.5",
    "1.0",
    "2",
    "172800",
    "172801",
    "86401",
    "99999999999999999999",
    ".inf",
    ".nan",
    "0x10",
    "''",
    "' '",
    "~",
    "[]",
    "{}",
    "[a, 1]",
    "{a: 1}",
    "'${x}'",
    "'{{ y }}'",
    "<name>",
    "!Ref X",
    "{Ref: X}",
    "$",
    "$.x",
    "$input.x",
    "$local[0]",
    "acs:fc:::services/s/functions/f",
    "acs:oss:::b",
    "'acs::x'",
    "arn:aws:x",
    "v1beta1",
    "flow",
    "task",
    "wait",
    "succeed",
    "requestResponse",
    "sync",
    "2019-05-02",
    "2019-05-02 15:04:05",
    "2019-05-02T15:04:05Z",
    "'2019-02-30T00:00:00Z'",
    "FnF.ALL",
    "abc",
    "ocr:Recognize",
];

/// Keys to put in place of others: fields of every context, extension and unknown keys.
const KEYS: &[&str] = &[
    "type",
    "name",
    "end",
    "steps",
    "goto",
    "default",
    "choices",
    "branches",
    "condition",
    "duration",
    "timestamp",
    "resourceArn",
    "action",
    "pattern",
    "timeoutSeconds",
    "errors",
    "retry",
    "catch",
    "inputMappings",
    "errorMappings",
    "serviceParams",
    "iterationMapping",
    "collection",
    "item",
    "source",
    "target",
    "version",
    "x-extra",
    "description",
    "Next",
];

/// One edit of a text: replace `span` with `text`.
struct Edit {
    span: Span,
    text: &'static str,
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut out = String::with_capacity(text.len() + edit.text.len());
    out.push_str(&text[..edit.span.start]);
    out.push_str(edit.text);
    out.push_str(&text[edit.span.end..]);
    out
}

/// Every mapping entry of the tree (aliases excluded: their spans are the `*alias` token).
fn entries<'a>(node: &'a Node, out: &mut Vec<(&'a Node, &'a Node)>) {
    if node.alias_of.is_some() {
        return;
    }
    match &node.kind {
        NodeKind::Mapping(map) => {
            for entry in map {
                if entry.key.alias_of.is_none() {
                    out.push((&entry.key, &entry.value));
                }
                entries(&entry.value, out);
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|i| entries(i, out)),
        _ => {}
    }
}

/// The edits tried on one flow: each scalar value swapped for each of `VALUES`, each key for
/// each of `KEYS`, and each entry removed. `stride` keeps every `stride`-th edit only.
fn mutations(text: &str, stride: usize, offset: usize) -> Vec<Edit> {
    let parsed = fdl_syntax::parse(text);
    let Some(root) = parsed.root.as_ref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    entries(root, &mut found);
    let mut edits = Vec::new();
    for (key, value) in found {
        if value.as_scalar().is_some() && value.alias_of.is_none() && !value.span.is_empty() {
            for v in VALUES {
                edits.push(Edit {
                    span: value.span,
                    text: v,
                });
            }
        }
        if key.as_scalar().is_some() {
            for k in KEYS {
                edits.push(Edit {
                    span: key.span,
                    text: k,
                });
            }
            if value.alias_of.is_none() {
                edits.push(Edit {
                    span: key.span.cover(value.span),
                    text: "",
                });
            }
        }
    }
    edits
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % stride == offset % stride)
        .map(|(_, e)| e)
        .collect()
}

#[test]
fn mutated_fixtures_the_checker_accepts_pass() {
    let validator = validator();
    let flows = fixtures("valid");
    // About one edit in `STRIDE`, a different one for each file, keeps the test to seconds.
    const STRIDE: usize = 15;
    let results: Vec<(usize, usize, Vec<String>)> = flows
        .par_iter()
        .enumerate()
        .map(|(n, (path, text))| {
            let mut tried = 0;
            let mut rejected = 0;
            let mut problems = Vec::new();
            for edit in mutations(text, STRIDE, n) {
                let mutated = apply(text, &edit);
                let Some(json) = flow_json(&mutated) else {
                    continue;
                };
                tried += 1;
                if validator.is_valid(&json) {
                    continue;
                }
                rejected += 1;
                if let Some(problem) = false_errors(&validator, &mutated)
                    && problems.len() < 3
                {
                    problems.push(format!("{}: {problem}", path.display()));
                }
            }
            (tried, rejected, problems)
        })
        .collect();
    let tried: usize = results.iter().map(|r| r.0).sum();
    let rejected: usize = results.iter().map(|r| r.1).sum();
    let problems: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    assert!(
        problems.is_empty(),
        "{} false errors, the first:\n{}",
        problems.len(),
        problems.first().map_or("", |p| p.as_str())
    );
    // The mutations do reach the schema's rules: many are rejected, rightly.
    assert!(tried > 5_000, "only {tried} mutations parsed");
    assert!(rejected > tried / 10, "only {rejected} of {tried} rejected");
}
