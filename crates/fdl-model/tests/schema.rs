//! The JSON Schema generated from the catalogue: up to date in `schema/fdl.schema.json`, valid
//! draft-07, accepting every valid fixture and rejecting the invalid fixtures whose mistake is
//! structural.
//!
//! To regenerate the schema file after a catalogue change:
//! `UPDATE_SCHEMA=1 cargo test -p fdl-model --test schema`
//! (or `cargo run -q -p fdl-cli -- schema --output schema/fdl.schema.json`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fdl_model::catalogue::StepKind;
use fdl_model::schema::{PLACEHOLDER_PATTERN, schema, schema_text, to_json};
use fdl_model::values::has_placeholder_hole;
use serde_json::{Value, json};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Rule codes whose mistakes the schema encodes, so a fixture expecting one of them must be
/// rejected. Each is an error of the checker (the schema rejects nothing the checker accepts).
const STRUCTURAL: &[(&str, &str)] = &[
    ("FDL009", "the root must be a mapping: `type: object`"),
    ("FDL101", "a required field is missing: `required`"),
    (
        "FDL104",
        "a value of the wrong YAML type: each field's `type`",
    ),
    ("FDL105", "a step `type` outside the eight kinds: an `enum`"),
    ("FDL106", "a `version` other than v1/v1beta1: an `enum`"),
    ("FDL108", "a top-level `type` other than flow: an `enum`"),
    (
        "FDL109",
        "an empty step name: a `pattern` that needs a non-blank character",
    ),
    (
        "FDL111",
        "a wait step needs exactly one of duration/timestamp: `anyOf` of `required`, and an `if` both then `false`",
    ),
    (
        "FDL112",
        "a wait duration is a number from 0 to 172800 or a `$` path: `type`, `minimum`, `maximum`, `pattern`",
    ),
    (
        "FDL113",
        "a wait timestamp is an RFC 3339 time or a `$` path: `pattern` (which knows the length of each month, but gives every February a 29th)",
    ),
    ("FDL114", "at most 100 parallel branches: `maxItems`"),
    (
        "FDL115",
        "timeoutSeconds is a whole number of at least 1: `type`, `minimum`",
    ),
    (
        "FDL401",
        "a task needs resourceArn or action: `anyOf` of `required`",
    ),
    (
        "FDL403",
        "a resourceArn starts with `acs:` and a service: `pattern` (which also lets through what a `!Ref` tag holds)",
    ),
    ("FDL406", "a task pattern outside the three: an `enum`"),
    (
        "FDL412",
        "retry numbers within their ranges: `minimum`, `maximum`",
    ),
];

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&schema()).expect("the schema compiles")
}

/// The errors the schema finds in a flow, one line each.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect()
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
    yaml_files(&Path::new(ROOT).join("fixtures").join(kind), &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

/// The flow as JSON, or `None` when the YAML has errors (the JSON would not be what the file
/// says).
fn flow_json(text: &str) -> Option<Value> {
    let parsed = fdl_syntax::parse(text);
    if !parsed.errors.is_empty() || parsed.document_count > 1 {
        return None;
    }
    Some(parsed.root.as_ref().map_or(Value::Null, to_json))
}

#[test]
fn schema_file_is_up_to_date() {
    let path = Path::new(ROOT).join("schema/fdl.schema.json");
    let expected = schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create schema/");
        std::fs::write(&path, &expected).expect("write schema/fdl.schema.json");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "schema/fdl.schema.json is not what the catalogue generates; regenerate it with\n  UPDATE_SCHEMA=1 cargo test -p fdl-model --test schema\nand review the diff"
    );
}

#[test]
fn schema_is_valid_draft_07() {
    let schema = schema();
    if let Err(error) = jsonschema::draft7::meta::validate(&schema) {
        panic!("not a valid draft-07 schema: {error}");
    }
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema.get("$id").is_none());
}

#[test]
fn every_valid_fixture_passes() {
    let validator = validator();
    let mut failures = Vec::new();
    let all = fixtures("valid");
    assert!(all.len() >= 60, "only {} valid fixtures", all.len());
    for (path, text) in &all {
        let json = flow_json(text).unwrap_or_else(|| panic!("{} is valid YAML", path.display()));
        let found = errors(&validator, &json);
        if !found.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), found.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "rejected:\n{}", failures.join("\n"));
}

/// `timestamp: "2024-11-11T00:00:00"` (no time zone) is an error because it is quoted: the
/// checker accepts the same text unquoted, as a YAML 1.1 timestamp (FDL-SPEC §6). JSON cannot
/// tell the two apart, and the schema must not reject the unquoted form, so it accepts both.
const QUOTED_YAML11_TIMESTAMP: &str = "FDL113-invalid-wait-timestamp.yaml";

fn expected_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .find_map(|l| l.trim_start_matches('\u{feff}').strip_prefix("# expect:"))
        .map(|line| {
            line.split(',')
                .filter_map(|item| item.split_whitespace().next())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn structural_invalid_fixtures_fail() {
    let validator = validator();
    let structural: BTreeSet<&str> = STRUCTURAL.iter().map(|(code, _)| *code).collect();
    let mut failures = Vec::new();
    let mut rejected = BTreeSet::new();
    let mut count = 0;
    for (path, text) in fixtures("invalid") {
        let codes = expected_codes(&text);
        assert!(
            !codes.is_empty(),
            "{} has no `# expect:` line",
            path.display()
        );
        let Some(json) = flow_json(&text) else {
            continue;
        };
        if !codes.iter().any(|c| structural.contains(c.as_str())) {
            continue;
        }
        count += 1;
        let valid = validator.is_valid(&json);
        if path.ends_with(QUOTED_YAML11_TIMESTAMP) {
            assert!(
                valid,
                "{QUOTED_YAML11_TIMESTAMP} is rejected now: drop the exception"
            );
            continue;
        }
        if valid {
            failures.push(format!("{} (expects {codes:?})", path.display()));
        } else {
            rejected.extend(
                codes
                    .into_iter()
                    .filter(|c| structural.contains(c.as_str())),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "accepted by the schema:\n{}",
        failures.join("\n")
    );
    assert!(count >= 40, "only {count} structural fixtures");
    // Every structural code is exercised by at least one fixture the schema rejects.
    let missing: Vec<&&str> = structural
        .iter()
        .filter(|c| !rejected.contains(**c))
        .collect();
    assert!(missing.is_empty(), "no rejected fixture for {missing:?}");
}

/// A flow around one step written as YAML lines (indented by 4).
fn flow_with(step: &str) -> Value {
    let mut text = String::from("version: v1\ntype: flow\nsteps:\n  -\n");
    for line in step.lines() {
        text.push_str("    ");
        text.push_str(line);
        text.push('\n');
    }
    flow_json(&text).unwrap_or_else(|| panic!("valid YAML:\n{text}"))
}

#[test]
fn what_the_checker_accepts_the_schema_accepts() {
    let validator = validator();
    let accepted = [
        // YAML 1.1 booleans are a warning (FDL004), not an error.
        "type: pass\nname: p\nend: yes",
        // Numbers are fine where a string is expected.
        "type: fail\nname: 404\nerror: 500",
        // Unknown keys, keys of other step kinds and extension keys are warnings at most.
        "type: pass\nname: p\ndescription: hi\nNext: q\nresourceArn: x\nx-note: n",
        // Placeholders anywhere a value is expected.
        "type: task\nname: t\nresourceArn: '${arn}'\ntimeoutSeconds: '${timeout}'\nretry: '{{ retry }}'",
        "type: task\nname: t\nresourceArn: !Ref Fn/Name\ninputMappings: !Ref Mappings",
        "type: task\nname: t\nresourceArn: {Fn::Sub: 'acs:fc:${R}:1:functions/f'}\npattern: <pattern>",
        "type: '${kind}'\nname: n\nanything: goes",
        "type: wait\nname: w\nduration: '{{ wait }}'",
        "type: wait\nname: w\ntimestamp: $.when",
        "type: wait\nname: w\ntimestamp: 2019-05-02 15:04:05",
        "type: wait\nname: w\nduration: 0.5",
        // Both targets is a warning (FDL402).
        "type: task\nname: t\nresourceArn: acs:fc:::services/s/functions/f\naction: ocr:Recognize",
        // An unknown integration or a malformed ARN is a warning (FDL404, FDL405).
        "type: task\nname: t\nresourceArn: acs:oss:::bucket/x",
        // What a `!Ref` tag holds, as an editor that hides the tag sees it.
        "type: task\nname: t\nresourceArn: Service/Function",
        "type: task\nname: t\nresourceArn: FunctionArnParameter",
        // Optional lists and mappings may be left empty.
        "type: choice\nname: c\nchoices:\n  - condition: $.a\n    steps:\ndefault:",
        "type: task\nname: t\naction: ocr:X\nserviceParams:\ninputMappings:\nretry:",
        // A long step name is a warning (FDL110).
        &format!("type: pass\nname: {}", "n".repeat(200)),
    ];
    for step in accepted {
        let found = errors(&validator, &flow_with(step));
        assert!(found.is_empty(), "rejected:\n{step}\n{found:#?}");
    }
    let rejected = [
        "type: pass\nname: ' '",
        "type: pass\nname: p\nend: 'true'",
        "type: task\nname: t\nresourceArn: '  '",
        "type: task\nname: t\nresourceArn: services/s/functions/f",
        "type: task\nname: t\nresourceArn: fc:::services/s/functions/f",
        "type: task\nname: t\nresourceArn: arn:aws:lambda:us-east-1:1:function:f",
        "type: task\nname: t\nresourceArn: 'acs::x:y:z'",
        "type: task\nname: t\naction: ''",
        "type: task\nname: t\nresourceArn: acs:fc:::services/s/functions/f\ntimeoutSeconds: 0",
        "type: task\nname: t\nresourceArn: acs:fc:::services/s/functions/f\ntimeoutSeconds: 1.5",
        "type: wait\nname: w\nduration: 1\ntimestamp: $.t",
        "type: wait\nname: w\nduration: 172801",
        "type: wait\nname: w\ntimestamp: tomorrow",
        "type: wait\nname: w\ntimestamp: 2019-02-30T00:00:00Z",
        "type: parallel\nname: p\nbranches:",
        "type: foreach\nname: f\niterationMapping: {collection: items, item: i}\nsteps: []",
        "type: choice\nname: c\nchoices:\n  - condition: $.a\ndefault: elsewhere",
        "type: task\nname: t\naction: a:b\nretry:\n  - errors: [FnF.ALL]\n    multiplier: 0.5",
        "type: stepfunction\nname: s",
    ];
    for step in rejected {
        assert!(!validator.is_valid(&flow_with(step)), "accepted:\n{step}");
    }
}

#[test]
fn a_cloudflow_state_machine_is_not_rejected() {
    let validator = validator();
    for text in [
        "Type: StateMachine\nName: demo\nSpecVersion: v1\nStartAt: a\nStates: []\n",
        "StartAt: a\nStates:\n  - Name: a\n    Type: Pass\n    End: true\n",
    ] {
        let json = flow_json(text).expect("valid YAML");
        assert!(validator.is_valid(&json), "{text}");
    }
    assert!(!validator.is_valid(&json!({"Name": "demo"})));
}

#[test]
fn step_examples_are_valid_steps() {
    let validator = validator();
    for kind in StepKind::ALL {
        let step = flow_with(kind.example());
        let found = errors(&validator, &step);
        assert!(found.is_empty(), "{}: {found:#?}", kind.name());
        assert_eq!(step["steps"][0]["type"], kind.name());
    }
}

/// A snippet with its tab stops replaced by their default text, as an editor inserts it.
fn expand(value: &Value) -> Value {
    match value {
        Value::String(s) => {
            let mut text = s.clone();
            if let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
                && let Some((_, default)) = inner.split_once(':')
            {
                text = default
                    .replace(r"\$", "$")
                    .replace(r"\}", "}")
                    .replace(r"\\", r"\");
            }
            // YAML reads the inserted text: `10` is a number.
            let parsed = fdl_syntax::parse(&text);
            parsed.root.as_ref().map_or(Value::Null, to_json)
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), expand(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn snippets_insert_valid_steps_and_flows() {
    let schema = schema();
    let validator = validator();
    let snippets = schema["definitions"]["step"]["defaultSnippets"]
        .as_array()
        .expect("step snippets");
    assert_eq!(snippets.len(), StepKind::ALL.len());
    for (snippet, kind) in snippets.iter().zip(StepKind::ALL) {
        let body = expand(&snippet["body"]);
        let example = fdl_syntax::parse(kind.example()).root.expect("an example");
        assert_eq!(body, to_json(&example), "{}", kind.name());
        let flow = json!({"version": "v1", "type": "flow", "steps": [body]});
        assert!(validator.is_valid(&flow), "{}", kind.name());
    }
    let flows = schema["defaultSnippets"].as_array().expect("flow snippets");
    for snippet in flows {
        let flow = expand(&snippet["body"]);
        let found = errors(&validator, &flow);
        assert!(found.is_empty(), "{found:#?}");
    }
}

/// A small deterministic generator (xorshift), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn placeholder_pattern_matches_the_checker() {
    let string_schema = json!({"type": "string", "pattern": PLACEHOLDER_PATTERN});
    let matcher = jsonschema::draft7::new(&string_schema).expect("the pattern compiles");
    let alphabet: Vec<char> = "${}<>ab_Z09.- :/é".chars().collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut holes = 0;
    for _ in 0..20_000 {
        let len = (rng.next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
            .collect();
        let expected = has_placeholder_hole(&text);
        holes += usize::from(expected);
        assert_eq!(matcher.is_valid(&json!(text)), expected, "{text:?}");
    }
    assert!(holes > 500, "only {holes} strings with holes");
}
