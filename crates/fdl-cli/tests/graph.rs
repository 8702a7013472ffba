//! End-to-end tests of `fdl graph`: every format, standard input, `--output`, the rule levels
//! of `fdl.toml`, and files with nothing to draw.

use std::path::Path;

mod common;

use common::{code, fdl, fdl_in, fdl_piped, stderr, stdout, transcript};

const SEED: &str = "../../fixtures/valid/seed-mns-topic-task.yaml";

/// A flow with a mistake: a `goto` to a step that does not exist.
const MISTAKE: &str = "\
version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
      - condition: $.ok
        goto: nowhere
  - type: pass
    name: after
";

#[test]
fn the_seed_flow_is_start_task_end_in_mermaid() {
    let output = fdl(&["graph", SEED]);
    insta::assert_snapshot!(transcript(&output), @r#"
    exit code: 0
    ----- stdout -----
    flowchart TD
      n0(["start"])
      n1["mns-topic-task<br/>task · MNS topic, waitForCallback"]
      n2(["end"])
      n0 --> n1
      n1 --> n2
      classDef terminal fill:#37474f,stroke:#37474f,color:#ffffff
      classDef error fill:#fdecea,stroke:#c62828,stroke-width:3px
      classDef warning fill:#fff4e5,stroke:#ef6c00,stroke-width:3px
      class n0,n2 terminal
    ----- stderr -----
    "#);
}

#[test]
fn dot_and_json_formats() {
    let dot = fdl(&["graph", "--format", "dot", SEED]);
    assert_eq!(code(&dot), 0, "{}", stderr(&dot));
    let text = stdout(&dot);
    assert!(text.starts_with("digraph flow {\n"), "{text}");
    assert!(
        text.contains(r#"n1 [label="mns-topic-task\ntask · MNS topic, waitForCallback""#),
        "{text}"
    );
    assert!(text.contains("n0 -> n1;\n  n1 -> n2;\n"), "{text}");

    let json = fdl(&["graph", "--format", "json", SEED]);
    assert_eq!(code(&json), 0, "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(value["version"], 1);
    let ids: Vec<&str> = value["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids, ["start", "steps[0]", "end"]);
    assert_eq!(value["nodes"][1]["detail"], "MNS topic, waitForCallback");
    assert_eq!(value["nodes"][1]["span"]["start"]["line"], 6);
}

#[test]
fn svg_is_written_to_the_output_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("seed.svg");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    let output = fdl(&[
        "graph",
        "--format",
        "svg",
        "--output",
        out.to_str().expect("UTF-8 path"),
        seed.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let svg = std::fs::read_to_string(&out).expect("the SVG file");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches(r#"data-id="steps[0]""#).count(), 1);
}

#[test]
fn standard_input_with_a_mistake_draws_and_marks_it() {
    let output = fdl_piped(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["graph", "-", "--stdin-filename", "flow.yaml"],
        Some(MISTAKE),
    );
    insta::assert_snapshot!(transcript(&output), @r#"
    exit code: 0
    ----- stdout -----
    flowchart TD
      n0(["start"])
      n1{{"✖ route<br/>choice"}}
      n2["after<br/>pass"]
      n3(["end"])
      n0 --> n1
      n1 -->|"otherwise"| n2
      n2 --> n3
      classDef terminal fill:#37474f,stroke:#37474f,color:#ffffff
      classDef error fill:#fdecea,stroke:#c62828,stroke-width:3px
      classDef warning fill:#fff4e5,stroke:#ef6c00,stroke-width:3px
      class n0,n3 terminal
      class n1 error
    ----- stderr -----
    warning: flow.yaml has 1 error; the steps concerned are marked in the graph, `fdl check` explains them
    "#);
}

#[test]
fn piped_input_is_read_without_a_dash() {
    let output = fdl_piped(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["graph", "--format", "json"],
        Some(MISTAKE),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains(r#""code":"FDL201""#));
}

#[test]
fn rule_levels_come_from_fdl_toml() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("flow.yaml"), MISTAKE).expect("write the flow");
    std::fs::write(
        dir.path().join("fdl.toml"),
        "[rules]\ngoto-target-missing = \"off\"\n",
    )
    .expect("write the configuration");
    let output = fdl_in(dir.path(), &["graph", "flow.yaml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stdout(&output).contains("✖"), "{}", stdout(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn nothing_to_draw_is_exit_1_with_a_reason() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("list.yaml"), "- a\n- b\n").expect("write");
    std::fs::write(dir.path().join("nosteps.yaml"), "version: v1\ntype: flow\n").expect("write");
    std::fs::write(dir.path().join("broken.yaml"), "steps: [\n").expect("write");

    let output = fdl_in(dir.path(), &["graph", "list.yaml"]);
    insta::assert_snapshot!(transcript(&output), @r"
    exit code: 1
    ----- stdout -----
    ----- stderr -----
    error: list.yaml: there is no flow to draw: the file does not hold a YAML mapping with `steps` (line 1: a flow definition must be a mapping of keys, but this document is a list)
    ");
    let output = fdl_in(dir.path(), &["graph", "nosteps.yaml"]);
    insta::assert_snapshot!(transcript(&output), @r"
    exit code: 1
    ----- stdout -----
    ----- stderr -----
    error: nosteps.yaml: there is no flow to draw: the file has no `steps` list (line 1: the flow needs `steps`)
    ");
    let output = fdl_in(dir.path(), &["graph", "broken.yaml"]);
    assert_eq!(code(&output), 1, "{}", transcript(&output));
    assert!(stderr(&output).starts_with("error: broken.yaml: there is no flow to draw"));
}

#[test]
fn usage_and_io_problems_are_exit_2() {
    let output = fdl(&["graph", "no/such/file.yaml"]);
    insta::assert_snapshot!(transcript(&output), @r"
    exit code: 2
    ----- stdout -----
    ----- stderr -----
    error: no/such/file.yaml: no such file or directory
    ");
    let output = fdl(&["graph", SEED, "--stdin-filename", "x.yaml"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--stdin-filename is only used"));
    let output = fdl(&["graph", "--format", "png", SEED]);
    assert_eq!(code(&output), 2);
    let output = fdl(&["graph", "--output", "/no/such/folder/x.svg", SEED]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("could not write the graph to /no/such/folder/x.svg"));
}
