//! Renderers: each turns one file's `(path, text, diagnostics)` into output: code frames for
//! people, a JSON document, SARIF for code scanning, GitHub Actions workflow commands.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::ops::Range;

use fdl_check::{Diagnostic, Severity, Span};

/// How many diagnostics of each severity were reported.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Hint => counts.hints += 1,
            }
        }
        counts
    }

    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.hints += other.hints;
    }

    pub fn total(self) -> usize {
        self.errors + self.warnings + self.hints
    }
}

/// Text taken from the user's files or file names, made safe to print: control characters
/// (including line breaks and the C1 range) and Unicode text-direction controls become visible
/// symbols, so a file name such as `evil\e[31m.yaml` cannot drive the terminal. The same table
/// as annotate-snippets uses for the messages it draws, plus line breaks and C1.
pub(crate) fn sanitize(text: &str) -> String {
    let normalized = annotate_snippets::normalize_untrusted_str(text);
    if !normalized
        .chars()
        .any(|c| c == '\n' || ('\u{80}'..='\u{9f}').contains(&c))
    {
        return normalized;
    }
    normalized
        .chars()
        .map(|c| match c {
            '\n' => '\u{240a}',
            '\u{80}'..='\u{9f}' => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect()
}

/// The UTF-8 byte order mark, which the engine accepts at the start of a file.
pub(crate) const BOM: &str = "\u{feff}";

/// The largest char boundary of `text` at or below `offset` (clamped to the text).
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A span made safe to slice `text` with: inside the text, on char boundaries, start <= end.
/// Spans come from the engine; a bad one must degrade the output, never panic the CLI.
pub(crate) fn clamp(text: &str, span: Span) -> Range<usize> {
    let end = floor_boundary(text, span.end);
    let start = floor_boundary(text, span.start).min(end);
    start..end
}

/// A 1-based line and column for people and tools.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode characters (scalar values), not counting a leading BOM.
    pub column: usize,
}

/// Turns byte offsets of one text into lines and columns.
pub(crate) struct Locator<'a> {
    text: &'a str,
    index: fdl_syntax::LineIndex,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        Locator {
            text,
            index: fdl_syntax::LineIndex::new(text),
        }
    }

    /// The position of `offset`, which must already be clamped to a char boundary of the text.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let pos = self.index.position(offset);
        self.shifted(offset, pos.line, pos.col_char)
    }

    /// The content of the line holding `offset` (without its line break), as a byte range; as
    /// quick on a line of megabytes as on a short one.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let line = self.index.position(offset).line;
        let span = self.index.line_span(line).unwrap_or(Span::empty(offset));
        span.start..span.end
    }

    /// Like [`Locator::line_col`], but the column counts UTF-16 code units (SARIF's default
    /// `columnKind`): a character outside the Basic Multilingual Plane counts two.
    pub fn line_col_utf16(&self, offset: usize) -> LineCol {
        let pos = self.index.position(offset);
        self.shifted(offset, pos.line, pos.col_utf16)
    }

    /// 1-based, and without the BOM: editors hide it, so it must not shift the columns of the
    /// first line (it is one character and one UTF-16 unit).
    fn shifted(&self, offset: usize, line: u32, column: u32) -> LineCol {
        let mut column = column as usize;
        if line == 0 && self.text.starts_with(BOM) && offset >= BOM.len() {
            column = column.saturating_sub(1);
        }
        LineCol {
            line: line as usize + 1,
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sanitize_shows_control_characters() {
        assert_eq!(sanitize("flows/a.yaml"), "flows/a.yaml");
        assert_eq!(sanitize("订单.yaml"), "订单.yaml");
        assert_eq!(
            sanitize("e\u{1b}[31m\u{7}\n\u{9b}2J\u{202e}.yaml"),
            "e␛[31m␇␊\u{fffd}2J\u{fffd}.yaml"
        );
    }
}

/// Hand-made diagnostics over a small flow, shared by the renderer tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use fdl_check::{Diagnostic, Edit, Fix, Label, Severity, Span};

    /// Has a CJK line before the first span, CJK before a span on its own line, and a final
    /// newline.
    pub const SOURCE: &str = "\
version: v1
type: flow
# 订单流程：先检查，再处理
steps:
  - type: choice
    name: 检查
    choices:
      - condition: $.amount > 100
        goto: Chek
  - type: task
    name: 处理
    resourceArn: acs:fc:::services/s/functions/f
    retry:
      - errors: [订单错误, FnF.All]
  - type: task
    name: Notify
    timeoutSeconds: 10
";

    /// The span of the `nth` (0-based) occurrence of `needle`.
    pub fn find(needle: &str, nth: usize) -> Span {
        let start = SOURCE
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the fixture"));
        Span::new(start, start + needle.len())
    }

    fn diagnostic(code: &'static str, name: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic::new(code, name, severity, String::new(), Span::empty(0))
    }

    pub fn diagnostics() -> Vec<Diagnostic> {
        let chek = find("Chek", 0);
        let fnf_all = find("FnF.All", 0);
        // From `- type: task` of Notify to the end of its last line: three lines.
        let notify_step = Span::new(find("type: task", 1).start, find("10", 1).end);
        vec![
            Diagnostic {
                message: "`goto` target `Chek` is not a step of this list".into(),
                span: chek,
                labels: vec![Label {
                    span: find("检查", 1),
                    message: "the choice step `检查` is here".into(),
                }],
                notes: vec!["a `goto` can only name a step of the same `steps` list".into()],
                help: Some("did you mean `Check`?".into()),
                fixes: vec![Fix {
                    message: "replace with `Check`".into(),
                    edits: vec![Edit {
                        span: chek,
                        replacement: "Check".into(),
                    }],
                    safe: false,
                }],
                ..diagnostic("FDL201", "goto-target-missing", Severity::Error)
            },
            Diagnostic {
                message: "unknown built-in error `FnF.All`".into(),
                span: fnf_all,
                labels: vec![Label {
                    span: fnf_all,
                    message: "not a built-in error".into(),
                }],
                help: Some("replace with `FnF.ALL`".into()),
                fixes: vec![Fix {
                    message: "replace with `FnF.ALL`".into(),
                    edits: vec![Edit {
                        span: fnf_all,
                        replacement: "FnF.ALL".into(),
                    }],
                    safe: true,
                }],
                ..diagnostic("FDL411", "unknown-builtin-error", Severity::Warning)
            },
            Diagnostic {
                message: "task step `Notify` has neither `resourceArn` nor `action`".into(),
                span: notify_step,
                labels: vec![Label {
                    span: find("Notify", 0),
                    message: "this step".into(),
                }],
                notes: vec![
                    "a task calls a service: name it with `resourceArn`".into(),
                    "or with `action` for an API call".into(),
                ],
                ..diagnostic("FDL401", "task-target-missing", Severity::Error)
            },
            Diagnostic {
                message: "an empty span in the middle of a line".into(),
                span: Span::empty(find("10", 1).start),
                help: Some("insert something here".into()),
                fixes: vec![Fix {
                    message: "insert `1`".into(),
                    edits: vec![Edit {
                        span: Span::empty(find("10", 1).start),
                        replacement: "1".into(),
                    }],
                    safe: false,
                }],
                ..diagnostic("FDL115", "invalid-timeout", Severity::Error)
            },
            Diagnostic {
                message: "the flow has no `end` (a span at the end of the file)".into(),
                span: Span::empty(SOURCE.len()),
                ..diagnostic("FDL101", "missing-required-field", Severity::Error)
            },
            Diagnostic {
                message: "`version: v1` could be written differently".into(),
                span: find("v1", 0),
                ..diagnostic("FDL107", "legacy-version", Severity::Hint)
            },
        ]
    }
}
