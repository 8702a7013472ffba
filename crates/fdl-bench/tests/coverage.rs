//! The generated flows hold what the benchmarks claim to measure: every step kind, lists nested
//! four deep, input and output mappings (of the flow and of steps), retry and catch rules,
//! `goto`s from choices and catch rules, callback patterns, waits of both kinds and comments of
//! both kinds. A benchmark over flows missing a feature would not time the code behind it.

use std::collections::BTreeSet;

use fdl_bench::{flow, flow_with_steps};
use fdl_model::StepKind;
use fdl_model::model::{Body, Step, StepList};

/// The features of a flow, by name.
fn features(text: &str) -> BTreeSet<String> {
    let parsed = fdl_syntax::parse(text);
    assert!(parsed.errors.is_empty(), "the flow does not parse");
    let root = parsed.root.as_ref().expect("a root");
    let flow = fdl_model::build(root);
    let mut out = BTreeSet::new();
    if flow.input_mappings.is_some() {
        out.insert("flow inputMappings".to_string());
    }
    if flow.output_mappings.is_some() {
        out.insert("flow outputMappings".to_string());
    }
    for c in &parsed.comments {
        out.insert(
            if c.own_line {
                "own-line comment"
            } else {
                "end-of-line comment"
            }
            .to_string(),
        );
    }
    if let Some(list) = &flow.steps {
        visit(list, 1, &mut out);
    }
    out
}

fn visit(list: &StepList, depth: usize, out: &mut BTreeSet<String>) {
    out.insert(format!("lists nested {depth} deep"));
    for step in &list.steps {
        step_features(step, out);
        for child in step.child_lists() {
            visit(child, depth + 1, out);
        }
    }
}

fn step_features(step: &Step, out: &mut BTreeSet<String>) {
    let mut add = |s: &str| {
        out.insert(s.to_string());
    };
    if let Some(kind) = step.kind {
        add(&format!("step {}", kind.name()));
    }
    if step.input_mappings.is_some() {
        add("step inputMappings");
    }
    if step.output_mappings.is_some() {
        add("step outputMappings");
    }
    if step.end.is_some() {
        add("end: true");
    }
    match &step.body {
        Body::Task(t) => {
            if !t.retry.is_empty() {
                add("retry");
            }
            if !t.catch.is_empty() {
                add("catch");
            }
            if t.catch.iter().any(|c| c.goto.is_some()) {
                add("catch goto");
            }
            if t.error_mappings.is_some() {
                add("errorMappings");
            }
            if t.service_params.is_some() {
                add("serviceParams");
            }
            if t.action.is_some() {
                add("action task");
            }
            if let Some(p) = t.pattern.and_then(|p| p.as_str()) {
                add(&format!("pattern {p}"));
            }
        }
        Body::Choice(c) => {
            if c.default.is_some() {
                add("choice default");
            }
            if c.branches
                .iter()
                .chain(&c.default)
                .any(|b| b.goto.is_some())
            {
                add("choice goto");
            }
        }
        Body::Wait(w) => {
            if w.duration.is_some() {
                add("wait duration");
            }
            if w.timestamp.is_some() {
                add("wait timestamp");
            }
        }
        _ => {}
    }
}

fn expected() -> BTreeSet<String> {
    let mut all: BTreeSet<String> = [
        "flow inputMappings",
        "flow outputMappings",
        "own-line comment",
        "end-of-line comment",
        "lists nested 4 deep",
        "step inputMappings",
        "step outputMappings",
        "end: true",
        "retry",
        "catch",
        "catch goto",
        "serviceParams",
        "errorMappings",
        "action task",
        "pattern waitForCallback",
        "choice default",
        "choice goto",
        "wait duration",
        "wait timestamp",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for kind in StepKind::ALL {
        all.insert(format!("step {}", kind.name()));
    }
    all
}

fn assert_has_all(what: &str, found: &BTreeSet<String>) {
    let missing: Vec<String> = expected()
        .into_iter()
        .filter(|f| !found.contains(f))
        .collect();
    assert!(missing.is_empty(), "{what} lacks: {missing:?}");
}

#[test]
fn the_large_flow_has_every_feature() {
    assert_has_all(
        "flow_with_steps(1, 2000)",
        &features(&flow_with_steps(1, 2000)),
    );
}

#[test]
fn the_first_thirty_small_flows_have_every_feature_between_them() {
    let mut found = BTreeSet::new();
    for seed in 0..30 {
        found.extend(features(&flow(seed, 8192)));
    }
    assert_has_all("flow(0..30, 8192)", &found);
}

/// The check above can fail: a flow without steps lacks almost everything.
#[test]
fn a_bare_flow_lacks_features() {
    let found = features("version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n");
    assert!(found.contains("step pass"));
    assert!(!found.contains("retry"));
    assert!(!expected().iter().all(|f| found.contains(f)));
}
