//! The JSON output of `fdl check --format json`.
//!
//! One JSON document is written to standard output, followed by a newline. Its structure is
//! stable: fields may be added within a version, never removed or changed; `version` changes
//! if one is removed or changes meaning.
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [
//!     {
//!       "path": "flows/order.yaml",
//!       "diagnostics": [
//!         {
//!           "code": "FDL201",
//!           "name": "goto-target-missing",
//!           "severity": "error",
//!           "message": "`goto` target `Chek` is not a step of this list",
//!           "start": { "line": 3, "column": 9, "offset": 57 },
//!           "end": { "line": 3, "column": 13, "offset": 61 },
//!           "labels": [
//!             { "message": "...", "start": { ... }, "end": { ... } }
//!           ],
//!           "notes": ["..."],
//!           "help": "did you mean `Check`?",
//!           "fixes": [
//!             {
//!               "message": "replace with `Check`",
//!               "safe": true,
//!               "edits": [
//!                 { "start": { ... }, "end": { ... }, "replacement": "Check" }
//!               ]
//!             }
//!           ]
//!         }
//!       ]
//!     }
//!   ],
//!   "not_checked": [
//!     { "path": "flows/legacy.yaml", "message": "the file is UTF-16 (...); save it as UTF-8" }
//!   ],
//!   "summary": { "files": 5, "errors": 2, "warnings": 1, "hints": 0, "not_checked": 1 }
//! }
//! ```
//!
//! - `files` lists every file that was checked, in the order of the human output (sorted by
//!   path), including files without diagnostics (their `diagnostics` is `[]`). Standard input
//!   appears under its `--stdin-filename`, or as `<stdin>`. A path is given as found; a file
//!   name that is not valid UTF-8 is shown lossily (invalid bytes as U+FFFD).
//! - `not_checked` lists the paths that could not be checked (missing, unreadable, not UTF-8,
//!   too large), each with the `message` also written to standard error; when it is not empty
//!   the exit status is 2. It is always present, `[]` when every path was checked.
//! - `diagnostics` are sorted by position, then code. `code` is `FDL` plus three digits; `name`
//!   is the rule's kebab-case name; `severity` is `"error"`, `"warning"` or `"hint"` (hints only
//!   appear with `--show-hints`).
//! - Every position has `line` and `column`, both 1-based, the column counted in Unicode
//!   characters (scalar values, not bytes and not UTF-16 units; a leading byte order mark is not
//!   counted), and `offset`, the 0-based byte offset into the file as read (BOM included).
//!   `end` is exclusive; `start` equals `end` for an empty span (a point, such as a missing
//!   value at the end of a file).
//! - `labels` are secondary locations with a message; `notes` are extra explanations; `help` is
//!   one suggestion or `null`. All keys are always present.
//! - `fixes` are edits that resolve the diagnostic. A `safe` fix keeps the meaning the author
//!   evidently intended and may be applied without review; an unsafe one is a suggestion. The
//!   `edits` of one fix do not overlap and are applied together, each replacing the text
//!   between `start` and `end` with `replacement`.
//! - `summary` counts the files checked, the diagnostics reported and the paths not checked.

use fdl_check::Diagnostic;
use serde::Serialize;

use super::{Counts, Locator, clamp};

/// Format version; bumped only for incompatible changes.
pub const VERSION: u32 = 1;

/// The whole document.
#[derive(Serialize, Debug)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub not_checked: Vec<NotChecked>,
    pub summary: Summary,
}

/// One entry of `not_checked`: a path that could not be read or checked.
#[derive(Serialize, Debug)]
pub struct NotChecked {
    pub path: String,
    pub message: String,
}

#[derive(Serialize, Debug)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
    pub not_checked: usize,
}

impl Summary {
    pub fn new(files: usize, counts: Counts, not_checked: usize) -> Summary {
        Summary {
            files,
            errors: counts.errors,
            warnings: counts.warnings,
            hints: counts.hints,
            not_checked,
        }
    }
}

/// One file's entry in `files`.
#[derive(Serialize, Debug)]
pub struct FileReport {
    pub path: String,
    pub diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize, Debug)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub start: JsonPosition,
    pub end: JsonPosition,
    pub labels: Vec<JsonLabel>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fixes: Vec<JsonFix>,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct JsonPosition {
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode characters.
    pub column: usize,
    /// 0-based, in bytes.
    pub offset: usize,
}

#[derive(Serialize, Debug)]
pub struct JsonLabel {
    pub message: String,
    pub start: JsonPosition,
    pub end: JsonPosition,
}

#[derive(Serialize, Debug)]
pub struct JsonFix {
    pub message: String,
    pub safe: bool,
    pub edits: Vec<JsonEdit>,
}

#[derive(Serialize, Debug)]
pub struct JsonEdit {
    pub start: JsonPosition,
    pub end: JsonPosition,
    pub replacement: String,
}

/// Builds the entry of one file.
pub fn file_report(path: &str, text: &str, diagnostics: &[Diagnostic]) -> FileReport {
    if diagnostics.is_empty() {
        // Skip building a line index for the common clean file.
        return FileReport {
            path: path.to_owned(),
            diagnostics: Vec::new(),
        };
    }
    let locator = Locator::new(text);
    let range = |span| {
        let r = clamp(text, span);
        (position(&locator, r.start), position(&locator, r.end))
    };
    let diagnostics = diagnostics
        .iter()
        .map(|d| {
            let (start, end) = range(d.span);
            JsonDiagnostic {
                code: d.code,
                name: d.name,
                severity: d.severity.as_str(),
                message: d.message.clone(),
                start,
                end,
                labels: d
                    .labels
                    .iter()
                    .map(|l| {
                        let (start, end) = range(l.span);
                        JsonLabel {
                            message: l.message.clone(),
                            start,
                            end,
                        }
                    })
                    .collect(),
                notes: d.notes.clone(),
                help: d.help.clone(),
                fixes: d
                    .fixes
                    .iter()
                    .map(|f| JsonFix {
                        message: f.message.clone(),
                        safe: f.safe,
                        edits: f
                            .edits
                            .iter()
                            .map(|e| {
                                let (start, end) = range(e.span);
                                JsonEdit {
                                    start,
                                    end,
                                    replacement: e.replacement.clone(),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    FileReport {
        path: path.to_owned(),
        diagnostics,
    }
}

fn position(locator: &Locator<'_>, offset: usize) -> JsonPosition {
    let lc = locator.line_col(offset);
    JsonPosition {
        line: lc.line,
        column: lc.column,
        offset,
    }
}

/// Serialises the whole document, with a trailing newline.
pub fn render_report(report: &Report) -> serde_json::Result<String> {
    let mut out = serde_json::to_string(report)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures::{self, SOURCE, find};

    fn pretty(file: &FileReport) -> String {
        serde_json::to_string_pretty(file).expect("serialise")
    }

    #[test]
    fn file_entries() {
        let diagnostics = fixtures::diagnostics();
        insta::assert_snapshot!(pretty(&file_report("flow.yaml", SOURCE, &diagnostics)));
    }

    #[test]
    fn columns_count_characters_and_offsets_count_bytes() {
        let diagnostics = fixtures::diagnostics();
        let file = file_report("flow.yaml", SOURCE, &diagnostics);
        // `FnF.All` follows four CJK characters (three bytes each) on line 14.
        let d = &file.diagnostics[1];
        let offset = find("FnF.All", 0).start;
        assert_eq!(
            d.start,
            JsonPosition {
                line: 14,
                column: 24,
                offset
            }
        );
        assert_eq!(d.end.column, 31);
        assert_eq!(d.fixes[0].edits[0].replacement, "FnF.ALL");
        assert!(d.fixes[0].safe);
        // The empty span at the very end sits on the line after the final newline.
        let eof = &file.diagnostics[4];
        assert_eq!(eof.start, eof.end);
        assert_eq!(eof.start.line, 18);
        assert_eq!(eof.start.column, 1);
        assert_eq!(eof.start.offset, SOURCE.len());
    }

    #[test]
    fn bom_shifts_offsets_not_columns() {
        let text = "\u{feff}version: v2\n";
        let mut d = fixtures::diagnostics().remove(5);
        d.span = fdl_check::Span::new(12, 14);
        let file = file_report("bom.yaml", text, &[d]);
        let diagnostic = &file.diagnostics[0];
        assert_eq!(&text[12..14], "v2");
        assert_eq!(
            diagnostic.start,
            JsonPosition {
                line: 1,
                column: 10,
                offset: 12
            }
        );
        assert_eq!(
            diagnostic.end,
            JsonPosition {
                line: 1,
                column: 12,
                offset: 14
            }
        );
    }

    #[test]
    fn bad_spans_are_clamped() {
        let text = "k: 值\n";
        let mut d = fixtures::diagnostics().remove(5);
        // Inside the three bytes of `值`, and past the end.
        d.span = fdl_check::Span::new(4, 99);
        let file = file_report("x.yaml", text, &[d]);
        let diagnostic = &file.diagnostics[0];
        assert_eq!(diagnostic.start.offset, 3);
        assert_eq!(diagnostic.end.offset, text.len());
        assert_eq!(diagnostic.end.line, 2);
    }

    #[test]
    fn whole_document() {
        let report = Report {
            version: VERSION,
            files: vec![file_report("clean.yaml", SOURCE, &[])],
            not_checked: vec![NotChecked {
                path: "gone.yaml".into(),
                message: "no such file or directory".into(),
            }],
            summary: Summary::new(
                1,
                Counts {
                    errors: 0,
                    warnings: 0,
                    hints: 0,
                },
                1,
            ),
        };
        assert_eq!(
            render_report(&report).expect("serialise"),
            "{\"version\":1,\"files\":[{\"path\":\"clean.yaml\",\"diagnostics\":[]}],\
             \"not_checked\":[{\"path\":\"gone.yaml\",\"message\":\"no such file or directory\"}],\
             \"summary\":{\"files\":1,\"errors\":0,\"warnings\":0,\"hints\":0,\"not_checked\":1}}\n"
        );
    }
}
