//! SARIF 2.1.0 output (`fdl check --format sarif`), for GitHub code scanning and other SARIF
//! viewers.
//!
//! One log with one run: `tool.driver` describes every rule of the registry (with its full
//! documentation and examples as `help.markdown`), `results` holds the diagnostics reported,
//! `invocations[0]` says whether every path could be checked (those that could not are
//! `toolExecutionNotifications`, and `executionSuccessful` is then false).
//!
//! - Locations: `artifactLocation.uri` is the path as shown by the other formats, with forward
//!   slashes and percent-encoded; a relative path carries `uriBaseId: "%SRCROOT%"` (run `fdl`
//!   from the repository root so that paths resolve), an absolute one is a `file://` URI.
//! - Regions: 1-based `startLine`, `startColumn`, `endLine`, `endColumn` (the end exclusive, as
//!   SARIF defines it); columns count UTF-16 code units, which the run states with
//!   `columnKind: "utf16CodeUnits"`. An empty span has equal start and end.
//! - `partialFingerprints["fdl/v1"]` identifies a finding across edits that move it: a hash
//!   of the rule code, the path, the text of the line the finding starts on (trimmed, runs of
//!   white space made one space) and how many findings of the same rule on an identical line
//!   come before it in the file. Moving lines, re-indenting or editing other lines keeps it;
//!   editing the flagged line or renaming the file changes it.
//! - Notes and help are appended to `message.text`, one per line; labels become
//!   `relatedLocations`; fixes become SARIF `fixes` (replacements of regions).

use std::collections::{BTreeMap, HashMap};

use fdl_check::docs::rule_help_markdown;
use fdl_check::{Diagnostic, Edit, Fix, RULES, Rule, Severity, Span};
use serde::Serialize;

use super::{Locator, clamp};

/// The OASIS location of the SARIF 2.1.0 schema (errata 01), the version written.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `partialFingerprints` key; its suffix changes if the hashed content ever does.
pub const FINGERPRINT: &str = "fdl/v1";

/// Where relative paths are resolved: the root of the checked-out sources.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize, Debug)]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize, Debug)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    full_description: Text,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Markdown,
    default_configuration: Configuration,
}

#[derive(Serialize, Debug)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize, Debug)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize, Clone, Debug)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize, Debug)]
struct Markdown {
    text: String,
    markdown: String,
}

/// One finding.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// A path that could not be checked, as the other formats list it.
pub struct NotChecked<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

/// The whole log: every rule, the results of every file (in order), the paths not checked.
pub fn log(results: Vec<SarifResult>, not_checked: &[NotChecked<'_>]) -> Log {
    let notifications: Vec<Notification> = not_checked
        .iter()
        .map(|n| Notification {
            level: "error",
            message: Text::new(format!("{}: {}", n.path, n.message)),
            locations: [Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(n.path),
                    region: None,
                },
                message: None,
            }],
        })
        .collect();
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "fdl",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    full_description: Text::new(
                        "A linter for the Flow Definition Language (FDL) of Alibaba Cloud \
                         Serverless Workflow; see the README of the fdl repository.",
                    ),
                    rules: RULES.iter().map(descriptor).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "utf16CodeUnits",
            results,
        }],
    }
}

/// The log as one line of JSON.
pub fn render_log(log: &Log) -> serde_json::Result<String> {
    let mut text = serde_json::to_string(log)?;
    text.push('\n');
    Ok(text)
}

fn descriptor(rule: &'static Rule) -> RuleDescriptor {
    RuleDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text::new(rule.summary),
        full_description: Text::new(rule.explanation.trim_end()),
        help: Markdown {
            text: help_text(rule),
            markdown: rule_help_markdown(rule),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
    }
}

/// The plain-text help: the explanation, then the examples indented.
fn help_text(rule: &Rule) -> String {
    let indent = |text: &str| -> String {
        text.lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "{}\n\nFails:\n\n{}\n\nPasses:\n\n{}",
        rule.explanation.trim_end(),
        indent(rule.bad),
        indent(rule.good)
    )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

/// The results of one file, in the order of `diagnostics`.
pub fn file_results(path: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<SarifResult> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text);
    let artifact = artifact_location(path);
    let region = |span: Span| {
        let range = clamp(text, span);
        let start = locator.line_col_utf16(range.start);
        let end = locator.line_col_utf16(range.end);
        Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    };
    let location = |id: Option<usize>, span: Span, message: Option<&str>| Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: Some(region(span)),
        },
        message: message.map(Text::new),
    };
    // Each line is read once, and each rule's hash of it computed once, however many
    // findings it holds: a flow written on one long line can hold thousands.
    // Line number -> line id; equal lines share an id, so their findings are counted together.
    let mut line_ids: HashMap<usize, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut line_texts: Vec<String> = Vec::new();
    let mut hashed: HashMap<(&str, usize), u64> = HashMap::new();
    let mut seen: HashMap<(&str, usize), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let start = clamp(text, d.span).start;
            let line_number = locator.line_col(start).line;
            let line = *line_ids.entry(line_number).or_insert_with(|| {
                let flagged = flagged_line(&text[locator.line_range(start)]);
                *ids.entry(flagged).or_insert_with_key(|flagged| {
                    line_texts.push(flagged.clone());
                    line_texts.len() - 1
                })
            });
            let prefix = *hashed
                .entry((d.code, line))
                .or_insert_with(|| fnv(FNV_START, &[d.code, &artifact.uri, &line_texts[line]]));
            let occurrence = seen.entry((d.code, line)).or_insert(0);
            let fingerprint = finish(prefix, *occurrence);
            *occurrence += 1;
            SarifResult {
                rule_id: d.code,
                rule_index: RULES.iter().position(|r| r.code == d.code),
                level: level(d.severity),
                message: Text::new(d.full_message()),
                locations: [location(None, d.span, None)],
                related_locations: d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| location(Some(i), l.span, Some(&l.message)))
                    .collect(),
                partial_fingerprints: BTreeMap::from([(FINGERPRINT, fingerprint)]),
                fixes: d.fixes.iter().map(|f| fix(f, &artifact, &region)).collect(),
            }
        })
        .collect()
}

fn fix(fix: &Fix, artifact: &ArtifactLocation, region: &impl Fn(Span) -> Region) -> SarifFix {
    SarifFix {
        description: Text::new(fix.message.as_str()),
        artifact_changes: [ArtifactChange {
            artifact_location: artifact.clone(),
            replacements: fix
                .edits
                .iter()
                .map(|Edit { span, replacement }| Replacement {
                    deleted_region: region(*span),
                    inserted_content: Text::new(replacement.as_str()),
                })
                .collect(),
        }],
    }
}

/// A line as a fingerprint reads it: trimmed, with every run of white space made one space.
fn flagged_line(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 64-bit FNV-1a over the parts, each followed by a zero byte, as 16 hexadecimal digits: a
/// hash that is the same on every platform and in every Rust version, unlike `std`'s.
#[cfg(test)]
fn fingerprint(code: &str, uri: &str, line: &str, occurrence: usize) -> String {
    finish(fnv(FNV_START, &[code, uri, line]), occurrence)
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues an FNV-1a hash over `parts`, each followed by a zero byte.
fn fnv(mut hash: u64, parts: &[&str]) -> u64 {
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The fingerprint from the hash of the rule, the file and the line: the occurrence hashed
/// last, as hexadecimal digits.
fn finish(prefix: u64, occurrence: usize) -> String {
    format!("{:016x}", fnv(prefix, &[&occurrence.to_string()]))
}

/// The artifact location of a path as shown: a relative URI reference under `%SRCROOT%`, or a
/// `file://` URI for an absolute path.
fn artifact_location(path: &str) -> ArtifactLocation {
    // On Windows `\` separates folders; elsewhere it is an ordinary (encoded) character.
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let encoded = percent_encode(&path);
    if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{encoded}"),
            uri_base_id: None,
        }
    } else if cfg!(windows) && std::path::Path::new(&path).is_absolute() {
        ArtifactLocation {
            uri: format!("file:///{encoded}"),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encoded,
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986 and `/`. A `:` is
/// encoded too, so that a relative path cannot read as a URI scheme (`c:flow.yaml`).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures::{SOURCE, diagnostics, find};

    /// The line a fingerprint is made of ends at `\n`, `\r\n` or a lone `\r`.
    #[test]
    fn the_flagged_line_ends_at_any_line_break() {
        for text in [
            "a: 1\nb:   2\nc: 3\n",
            "a: 1\r\nb:   2\r\nc: 3\r\n",
            "a: 1\rb:   2\rc: 3\r",
        ] {
            let at = text.find('b').unwrap();
            let line = Locator::new(text).line_range(at);
            assert_eq!(flagged_line(&text[line]), "b: 2", "{text:?}");
        }
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(percent_encode("flows/order 1.yaml"), "flows/order%201.yaml");
        assert_eq!(percent_encode("订单.yaml"), "%E8%AE%A2%E5%8D%95.yaml");
        assert_eq!(
            percent_encode("a%b#c?d:e\\f.yaml"),
            "a%25b%23c%3Fd%3Ae%5Cf.yaml"
        );
        let relative = artifact_location("flows/a b.yaml");
        assert_eq!(relative.uri, "flows/a%20b.yaml");
        assert_eq!(relative.uri_base_id, Some(SRCROOT));
        if !cfg!(windows) {
            let absolute = artifact_location("/srv/flows/a.yaml");
            assert_eq!(absolute.uri, "file:///srv/flows/a.yaml");
            assert_eq!(absolute.uri_base_id, None);
        }
    }

    #[test]
    fn columns_count_utf16_units() {
        // `𝒳` is outside the Basic Multilingual Plane: one character, two UTF-16 units.
        let text = "\u{feff}a: 𝒳 订 Chek\n";
        let span = Span::new(text.find("Chek").unwrap(), text.find("Chek").unwrap() + 4);
        let d = Diagnostic::new("FDL201", "goto-target-missing", Severity::Error, "m", span);
        let results = file_results("f.yaml", text, &[d]);
        let region = results[0].locations[0].physical_location.region.unwrap();
        // `a: ` 3 units, `𝒳` 2, space 1, `订` 1, space 1: `Chek` starts at unit 8 (1-based
        // 9); the BOM is not counted.
        assert_eq!(
            region,
            Region {
                start_line: 1,
                start_column: 9,
                end_line: 1,
                end_column: 13
            }
        );
    }

    #[test]
    fn empty_span_has_equal_start_and_end() {
        let results = file_results("f.yaml", SOURCE, &diagnostics());
        let at_end = results
            .iter()
            .find(|r| r.rule_id == "FDL101")
            .expect("the end-of-file diagnostic");
        let region = at_end.locations[0].physical_location.region.unwrap();
        assert_eq!(
            (region.start_line, region.start_column),
            (region.end_line, region.end_column)
        );
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_equal_lines_apart() {
        let shifted = format!("# a comment\n\n{SOURCE}");
        let offset = shifted.len() - SOURCE.len();
        let moved: Vec<Diagnostic> = diagnostics()
            .into_iter()
            .map(|mut d| {
                d.span = Span::new(d.span.start + offset, d.span.end + offset);
                d
            })
            .collect();
        let prints = |text: &str, ds: &[Diagnostic]| -> Vec<String> {
            file_results("f.yaml", text, ds)
                .into_iter()
                .map(|r| r.partial_fingerprints[FINGERPRINT].clone())
                .collect()
        };
        let before = prints(SOURCE, &diagnostics());
        assert_eq!(before, prints(&shifted, &moved));
        // Another file, or another rule on the same line, is another finding.
        assert_ne!(before, prints_of_path("g.yaml"));
        // Two findings of one rule on identical lines differ by their occurrence.
        let twice = "- goto: x\n- goto: x\n";
        let two = [0, 1].map(|i| {
            let at = twice.match_indices('x').nth(i).unwrap().0;
            Diagnostic::new("FDL201", "n", Severity::Error, "m", Span::new(at, at + 1))
        });
        let prints = prints(twice, &two);
        assert_ne!(prints[0], prints[1]);
        // Golden value: the hash must not change between versions of fdl.
        assert_eq!(
            fingerprint("FDL201", "f.yaml", "goto: Chek", 0),
            "389322f55099fa0b"
        );
    }

    fn prints_of_path(path: &str) -> Vec<String> {
        file_results(path, SOURCE, &diagnostics())
            .into_iter()
            .map(|r| r.partial_fingerprints[FINGERPRINT].clone())
            .collect()
    }

    #[test]
    fn fixes_and_labels_carry_regions() {
        let results = file_results("f.yaml", SOURCE, &diagnostics());
        let goto = &results[0];
        assert_eq!(goto.rule_id, "FDL201");
        assert_eq!(
            goto.rule_index,
            RULES.iter().position(|r| r.code == "FDL201")
        );
        assert_eq!(
            goto.message.text,
            "`goto` target `Chek` is not a step of this list\n\
             note: a `goto` can only name a step of the same `steps` list\n\
             help: did you mean `Check`?"
        );
        let chek = find("Chek", 0);
        let replacement = &goto.fixes[0].artifact_changes[0].replacements[0];
        assert_eq!(replacement.inserted_content.text, "Check");
        assert_eq!(
            replacement.deleted_region.end_column - replacement.deleted_region.start_column,
            chek.end - chek.start
        );
        assert_eq!(goto.related_locations.len(), 1);
        assert_eq!(goto.related_locations[0].id, Some(0));
    }
}
