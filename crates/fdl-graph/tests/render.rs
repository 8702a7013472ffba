//! The graph of fixture flows in every format: Mermaid, DOT and JSON as snapshots (read them:
//! they are the specification), SVG parsed as XML and checked for every step.

use std::collections::HashMap;
use std::path::Path;

use fdl_check::RuleLevels;
use fdl_graph::{EdgeKind, Graph, graph_of};

/// The fixtures: every step kind with catch edges and a backward goto; nesting three deep
/// (foreach in parallel in parallel) with a loop inside a parallel branch; the seed flow; a
/// flow with mistakes and characters that need escaping.
const FIXTURES: &[(&str, &str)] = &[
    ("order-pipeline", "tests/data/order-pipeline.yaml"),
    (
        "nested",
        "../../fixtures/valid/nested-parallel-foreach-choice.yaml",
    ),
    ("seed", "../../fixtures/valid/seed-mns-topic-task.yaml"),
    ("broken", "tests/data/broken.yaml"),
];

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn graph(path: &str) -> Graph {
    graph_of(&read(path), &RuleLevels::default()).expect("a graph")
}

#[test]
fn mermaid() {
    for (name, path) in FIXTURES {
        insta::assert_snapshot!(
            format!("{name}.mermaid"),
            fdl_graph::mermaid::render(&graph(path))
        );
    }
}

#[test]
fn dot() {
    for (name, path) in FIXTURES {
        insta::assert_snapshot!(format!("{name}.dot"), fdl_graph::dot::render(&graph(path)));
    }
}

#[test]
fn json() {
    for (name, path) in FIXTURES {
        let graph = graph(path);
        let compact: serde_json::Value =
            serde_json::from_str(&graph.to_json()).expect("the output is JSON");
        // The snapshot is pretty-printed to be readable; the data is the output's.
        insta::assert_snapshot!(
            format!("{name}.json"),
            serde_json::to_string_pretty(&compact).expect("JSON")
        );
    }
}

/// Parses the SVG and returns how often each step id appears as a drawn step.
fn steps_in_svg(svg: &str) -> HashMap<String, usize> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let mut seen = HashMap::new();
    for node in doc.descendants() {
        let class = node.attribute("class").unwrap_or_default();
        if node.has_tag_name("g") && class.split(' ').any(|c| c == "step") {
            let id = node.attribute("data-id").expect("a step has data-id");
            *seen.entry(id.to_owned()).or_default() += 1;
        }
    }
    seen
}

#[test]
fn svg_is_well_formed_and_draws_every_step_once() {
    for (name, path) in FIXTURES {
        let graph = graph(path);
        let svg = fdl_graph::svg::render(&graph);
        let seen = steps_in_svg(&svg);
        let steps: Vec<&str> = graph.steps().map(|n| n.id.as_str()).collect();
        assert_eq!(seen.len(), steps.len(), "{name}: {seen:?}");
        for id in steps {
            assert_eq!(seen.get(id), Some(&1), "{name}: step {id}");
        }
        // Each name is drawn as text exactly once too.
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        for step in graph.steps() {
            let shown = doc
                .descendants()
                .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("name"))
                .filter(|n| n.text() == Some(step.label.as_str()))
                .count();
            assert_eq!(shown, 1, "{name}: name of {}", step.id);
        }
        // Every edge is drawn, between nodes that exist.
        let paths = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("data-kind").is_some())
            .count();
        assert_eq!(paths, graph.edges.len(), "{name}");
    }
}

#[test]
fn svg_marks_steps_with_problems() {
    let graph = graph("tests/data/broken.yaml");
    let svg = fdl_graph::svg::render(&graph);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let marked: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            let class = n.attribute("class").unwrap_or_default();
            class.contains(" error") || class.contains(" warning")
        })
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    let expected: Vec<&str> = graph
        .steps()
        .filter(|n| n.severity >= Some(fdl_graph::Severity::Warning))
        .map(|n| n.id.as_str())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(marked, expected);
}

#[test]
fn the_seed_flow_is_start_task_end() {
    let graph = graph("../../fixtures/valid/seed-mns-topic-task.yaml");
    let nodes: Vec<String> = graph
        .nodes
        .iter()
        .map(|n| match &n.detail {
            Some(d) => format!("{} ({d})", n.label),
            None => n.label.clone(),
        })
        .collect();
    assert_eq!(
        nodes,
        [
            "start",
            "mns-topic-task (MNS topic, waitForCallback)",
            "end"
        ]
    );
    let edges: Vec<(&str, &str)> = graph
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(edges, [("start", "steps[0]"), ("steps[0]", "end")]);
}

#[test]
fn loops_and_catches_are_found() {
    let graph = graph("tests/data/order-pipeline.yaml");
    let back: Vec<(&str, &str)> = graph
        .edges
        .iter()
        .filter(|e| e.back)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(back, [("steps[4]", "steps[2]")]);
    let catch: Vec<&str> = graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Catch)
        .filter_map(|e| e.label.as_deref())
        .collect();
    assert_eq!(catch, ["OutOfStock, FnF.TaskTimeout"]);
}

/// Generated flows of 2,000 steps: every format in well under a second each (a quadratic step
/// would take many seconds at this size in a debug build).
#[test]
fn large_flows_render_quickly() {
    let text = fdl_bench::flow_with_steps(7, 2000);
    let started = std::time::Instant::now();
    let graph = graph_of(&text, &RuleLevels::default()).expect("a graph");
    let svg = fdl_graph::svg::render(&graph);
    let mermaid = fdl_graph::mermaid::render(&graph);
    let dot = fdl_graph::dot::render(&graph);
    let json = graph.to_json();
    let elapsed = started.elapsed();
    assert!(graph.steps().count() >= 2000);
    assert_eq!(steps_in_svg(&svg).len(), graph.steps().count());
    assert!(!mermaid.is_empty() && !dot.is_empty() && !json.is_empty());
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
}

/// Odd but possible flows: no steps, items that are not steps, unnamed steps, a choice that
/// jumps to itself, deep nesting. Every format renders them, and the SVG is well-formed.
#[test]
fn odd_flows_render_in_every_format() {
    let mut deep = String::from("version: v1\ntype: flow\nsteps:\n");
    for level in 0..40 {
        let indent = "  ".repeat(level * 2 + 1);
        deep.push_str(&format!(
            "{indent}- type: foreach\n{indent}  name: level-{level}\n{indent}  iterationMapping:\n{indent}    collection: $.items\n{indent}    item: item\n{indent}  steps:\n"
        ));
    }
    deep.push_str(&format!(
        "{}- type: pass\n{}  name: inner\n",
        "  ".repeat(81),
        "  ".repeat(81)
    ));
    let flows = [
        "version: v1\ntype: flow\nsteps: []\n".to_owned(),
        "version: v1\ntype: flow\nsteps:\n  - 3\n  - [a]\n".to_owned(),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n  - name: no-type\n".to_owned(),
        "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: again\n    choices:\n      - condition: $.more\n        goto: again\n".to_owned(),
        "version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches: []\n  - type: foreach\n    name: f\n    steps: []\n".to_owned(),
        deep,
    ];
    for text in &flows {
        let graph = graph_of(text, &RuleLevels::default()).expect("a graph");
        let svg = fdl_graph::svg::render(&graph);
        assert_eq!(steps_in_svg(&svg).len(), graph.steps().count(), "{text}");
        assert!(fdl_graph::mermaid::render(&graph).starts_with("flowchart TD\n"));
        assert!(fdl_graph::dot::render(&graph).ends_with("}\n"));
    }
    let empty = graph_of(&flows[0], &RuleLevels::default()).expect("a graph");
    assert_eq!(empty.edges.len(), 1);
    assert_eq!(
        (empty.edges[0].from.as_str(), empty.edges[0].to.as_str()),
        ("start", "end")
    );
    let unnamed = graph_of(&flows[2], &RuleLevels::default()).expect("a graph");
    let labels: Vec<&str> = unnamed.steps().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["(unnamed pass)", "no-type"]);
    let again = graph_of(&flows[3], &RuleLevels::default()).expect("a graph");
    assert!(
        again
            .edges
            .iter()
            .any(|e| e.from == "steps[0]" && e.to == "steps[0]" && e.back)
    );
}

/// docs/graph-example.svg is `fdl graph tests/data/order-pipeline.yaml --format svg`; when the
/// drawing changes, regenerate it with
/// `cargo run -q -p fdl-cli -- graph crates/fdl-graph/tests/data/order-pipeline.yaml --format svg -o docs/graph-example.svg`.
#[test]
fn the_docs_example_is_current() {
    let committed = read("../../docs/graph-example.svg");
    let current = fdl_graph::svg::render(&graph("tests/data/order-pipeline.yaml"));
    assert!(
        committed == current,
        "docs/graph-example.svg is out of date: regenerate it (see this test's comment)"
    );
}
