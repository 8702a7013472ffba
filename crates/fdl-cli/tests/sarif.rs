//! `fdl check --format sarif`: valid SARIF 2.1.0 (checked against the official schema, offline),
//! every rule described, UTF-16 columns, fingerprints that survive moved lines.

mod common;

use std::path::Path;

use common::{SEVERAL, code, fdl, fdl_in, stderr, stdout};
use fdl_check::RULES;
use serde_json::{Value, json};

fn schema_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read the schema"))
            .expect("the schema is JSON");
    jsonschema::options()
        .build(&schema)
        .expect("the SARIF schema compiles offline")
}

/// The errors of `log` against the schema, one per line; empty when valid.
fn schema_errors(log: &Value) -> String {
    schema_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sarif(dir: &Path, args: &[&str]) -> (Value, std::process::Output) {
    let output = fdl_in(dir, &[&["check", "--format", "sarif"], args].concat());
    let log = serde_json::from_str(&stdout(&output)).expect("SARIF output is one JSON document");
    (log, output)
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn several_diagnostics() {
    let (mut log, output) = sarif(crate_dir(), &["--show-hints", SEVERAL]);
    assert_eq!(schema_errors(&log), "");
    assert_eq!(code(&output), 2, "a file could not be read");
    assert_eq!(
        stderr(&output),
        "error: tests/data/several/latin1.yaml: not valid UTF-8 (invalid byte at line 5, column \
         14, offset 58); FDL files must be UTF-8\n"
    );
    // The rule descriptions are checked below; in the snapshot, one line each.
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let short: Vec<Value> = rules
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            json!(format!(
                "{} {} {}",
                r["id"].as_str().unwrap_or_default(),
                r["name"].as_str().unwrap_or_default(),
                r["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap_or_default()
            ))
        })
        .collect();
    *rules = Value::Array(short);
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).expect("JSON"));
}

#[test]
fn the_validator_is_not_blind() {
    // Checks that pass on anything prove nothing: a broken log must fail.
    let (log, _) = sarif(crate_dir(), &[SEVERAL]);
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    assert!(
        schema_errors(&broken).contains("startLine"),
        "{}",
        schema_errors(&broken)
    );
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = json!("hint");
    assert_ne!(schema_errors(&broken), "");
    let mut broken = log.clone();
    broken["version"] = json!("2.0.0");
    assert_ne!(schema_errors(&broken), "");
    // Formats are checked too: `$schema` must be a URI.
    let mut broken = log;
    broken["$schema"] = json!("not a URI");
    assert!(
        schema_errors(&broken).contains("uri"),
        "{}",
        schema_errors(&broken)
    );
}

#[test]
fn every_rule_is_described() {
    let (log, _) = sarif(crate_dir(), &[SEVERAL]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (described, rule) in rules.iter().zip(RULES) {
        assert_eq!(described["id"], rule.code);
        assert_eq!(described["name"], rule.name);
        assert_eq!(described["shortDescription"]["text"], rule.summary);
        assert_eq!(
            described["fullDescription"]["text"],
            rule.explanation.trim_end()
        );
        let markdown = described["help"]["markdown"]
            .as_str()
            .expect("help.markdown");
        assert!(
            markdown.contains(rule.bad) && markdown.contains(rule.good),
            "{}",
            rule.code
        );
        let text = described["help"]["text"].as_str().expect("help.text");
        assert!(
            text.contains("Fails:") && text.contains("Passes:"),
            "{}",
            rule.code
        );
        let level = match rule.severity.as_str() {
            "hint" => "note",
            other => other,
        };
        assert_eq!(described["defaultConfiguration"]["level"], level);
    }
    // Every result points at its rule.
    for result in log["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn columns_count_utf16_code_units() {
    let (log, _) = sarif(crate_dir(), &[SEVERAL]);
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let fnf_all = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "FDL411")
        .expect("the FnF.All warning");
    // `      - errors: ["🚚 LateDelivery", FnF.All]`: 35 characters before `FnF.All`, but the
    // truck is two UTF-16 units, so 36 units: column 37, not the 36 the human output shows.
    assert_eq!(
        fnf_all["locations"][0]["physicalLocation"]["region"],
        json!({ "startLine": 16, "startColumn": 37, "endLine": 16, "endColumn": 44 })
    );
}

fn fingerprints(log: &Value) -> Vec<(String, String)> {
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().expect("ruleId").to_owned(),
                r["partialFingerprints"]["fdl/v1"]
                    .as_str()
                    .expect("fingerprint")
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_moved_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original =
        std::fs::read_to_string(crate_dir().join(SEVERAL).join("orders.yaml")).expect("fixture");
    std::fs::write(dir.path().join("orders.yaml"), &original).expect("write");
    let (before, _) = sarif(dir.path(), &["orders.yaml"]);

    // Lines added above and between the findings, and a step re-indented: same findings.
    let moved = original
        .replacen("# 订单流程", "# Owner: the orders team\n\n# 订单流程", 1)
        .replacen(
            "  - type: task\n    name: \"🚚 ship\"",
            "  # shipping\n  - type: task\n    name:   \"🚚 ship\"",
            1,
        );
    std::fs::write(dir.path().join("orders.yaml"), &moved).expect("write");
    let (after, _) = sarif(dir.path(), &["orders.yaml"]);
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let start_line = |log: &Value| {
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .clone()
    };
    assert_ne!(
        start_line(&before),
        start_line(&after),
        "the lines did move"
    );

    // Editing the flagged line makes it another finding.
    let edited = original.replacen("goto: 处理订単", "goto: 处理订单x", 1);
    std::fs::write(dir.path().join("orders.yaml"), &edited).expect("write");
    let (edited, _) = sarif(dir.path(), &["orders.yaml"]);
    let goto = |log: &Value| {
        fingerprints(log)
            .into_iter()
            .find(|(code, _)| code == "FDL201")
            .expect("FDL201")
    };
    assert_ne!(goto(&before), goto(&edited));

    // All fingerprints of one run are distinct.
    let mut all: Vec<_> = fingerprints(&before).into_iter().map(|(_, f)| f).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), fingerprints(&before).len());
}

#[test]
fn clean_run_and_uris() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("my flows");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("订单 #1.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    colour: blue\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("clean.yaml"),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n",
    )
    .expect("write");

    let (log, output) = sarif(dir.path(), &["my flows/clean.yaml"]);
    assert_eq!(code(&output), 0);
    assert_eq!(schema_errors(&log), "");
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert_eq!(
        log["runs"][0]["invocations"],
        json!([{ "executionSuccessful": true }])
    );

    let (log, output) = sarif(dir.path(), &["my flows"]);
    assert_eq!(code(&output), 0, "a warning does not fail the run");
    assert_eq!(schema_errors(&log), "");
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        json!({ "uri": "my%20flows/%E8%AE%A2%E5%8D%95%20%231.yaml", "uriBaseId": "%SRCROOT%" })
    );

    // An absolute path is a file URI; a missing path is a notification, and the run failed.
    let absolute = folder.join("clean.yaml");
    let absolute = absolute.to_str().expect("UTF-8 temp path");
    let (log, output) = sarif(dir.path(), &[absolute, "missing.yaml"]);
    assert_eq!(code(&output), 2);
    assert_eq!(schema_errors(&log), "");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        json!([{
            "level": "error",
            "message": { "text": "missing.yaml: no such file or directory" },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": "missing.yaml", "uriBaseId": "%SRCROOT%" }
            } }]
        }])
    );
    if cfg!(unix) {
        let (log, _) = sarif(dir.path(), &["--select", "FDL102", "my flows"]);
        assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(1));
        let uri = fdl(&["check", "--format", "sarif", absolute]);
        let uri: Value = serde_json::from_str(&stdout(&uri)).expect("JSON");
        assert_eq!(uri["runs"][0]["results"], json!([]));
    }
}
