//! Human output: rustc-style code frames drawn by `annotate-snippets`.
//!
//! ```text
//! error[FDL201]: `goto` target `Chek` is not a step of this list
//!  --> flow.yaml:9:15
//!   |
//! 9 |         goto: Chek
//!   |               ^^^^
//!   |
//!   = note: ...
//! help: replace with `Check`
//!   |
//! 9 -         goto: Chek
//! 9 +         goto: Check
//!   |
//! ```
//!
//! Labels within `FAR` lines of the primary span share its frame (the gap folded to `...`);
//! farther ones get a frame of their own after it, headed `::: flow.yaml:3:1`.

use std::ops::Range;

use annotate_snippets::{
    AnnotationKind, Group, Level, Patch, Renderer, Snippet, normalize_untrusted_str,
};
use fdl_check::{Diagnostic, Severity, Span};

use super::{BOM, Counts, Locator, clamp, sanitize};

/// Options of the human renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// Emit ANSI colours. The caller decides (terminal, `NO_COLOR`, `--no-color`).
    pub color: bool,
}

/// Renders all diagnostics of one file, each followed by a blank line; "" when there are none.
/// `path` is shown with its control characters made visible.
pub fn render(path: &str, text: &str, diagnostics: &[Diagnostic], options: HumanOptions) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    // annotate-snippets prints the path as given.
    let path = &sanitize(path);
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let file = File::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(
            &renderer,
            options.color,
            path,
            &file,
            diagnostic,
        ));
        out.push_str("\n\n");
    }
    out
}

/// Diagnostics found but not reported, which the summary line still mentions.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Hidden {
    pub warnings: usize,
    pub hints: usize,
    /// Hidden by `--quiet` (which reports only what fails the run), rather than only hints
    /// hidden for want of `--show-hints`.
    pub by_quiet: bool,
}

impl Hidden {
    pub fn add(&mut self, other: Hidden) {
        self.warnings += other.warnings;
        self.hints += other.hints;
        self.by_quiet |= other.by_quiet;
    }

    fn total(self) -> usize {
        self.warnings + self.hints
    }
}

/// The closing line: `Checked 5 files: 2 errors, 1 warning in 2 files`.
/// `not_checked` counts the paths that could not be read or checked (reported on stderr):
/// the summary must not claim "no problems" for them. `hidden` counts what was found but not
/// reported: "no problems" must not hide that there is advice, or warnings under `--quiet`.
pub fn summary(
    files_checked: usize,
    counts: Counts,
    files_with_problems: usize,
    not_checked: usize,
    hidden: Hidden,
) -> String {
    let checked = format!("Checked {}", plural(files_checked, "file", "files"));
    let hidden_text = if hidden.by_quiet && hidden.total() > 0 {
        let mut parts = Vec::new();
        if hidden.warnings > 0 {
            parts.push(plural(hidden.warnings, "warning", "warnings"));
        }
        if hidden.hints > 0 {
            parts.push(plural(hidden.hints, "hint", "hints"));
        }
        format!(" ({} hidden by --quiet)", parts.join(" and "))
    } else {
        match hidden.hints {
            0 => String::new(),
            1 => " (1 hint hidden; --show-hints shows it)".to_owned(),
            n => format!(" ({n} hints hidden; --show-hints shows them)"),
        }
    };
    let unchecked = if not_checked > 0 {
        format!(
            "; {} could not be checked (see the errors above)",
            plural(not_checked, "path", "paths")
        )
    } else {
        String::new()
    };
    if counts.total() == 0 {
        if not_checked > 0 {
            return format!("{checked}{hidden_text}{unchecked}\n");
        }
        if hidden.by_quiet && hidden.warnings > 0 {
            return format!("{checked}: no errors found{hidden_text}\n");
        }
        return format!("{checked}: no problems found{hidden_text}\n");
    }
    let mut parts = Vec::new();
    if counts.errors > 0 {
        parts.push(plural(counts.errors, "error", "errors"));
    }
    if counts.warnings > 0 {
        parts.push(plural(counts.warnings, "warning", "warnings"));
    }
    if counts.hints > 0 {
        parts.push(plural(counts.hints, "hint", "hints"));
    }
    format!(
        "{checked}: {} in {}{hidden_text}{unchecked}\n",
        parts.join(", "),
        plural(files_with_problems, "file", "files")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The text as shown: without its BOM (which would otherwise be printed into the first line),
/// with the positions needed to map engine spans onto it.
struct File<'a> {
    /// Bytes of BOM removed from the front of the text.
    shift: usize,
    text: &'a str,
    body: &'a str,
    locator: Locator<'a>,
}

impl<'a> File<'a> {
    fn new(text: &'a str) -> File<'a> {
        let shift = if text.starts_with(BOM) { BOM.len() } else { 0 };
        File {
            shift,
            text,
            body: &text[shift..],
            locator: Locator::new(text),
        }
    }

    /// An engine span (over the full text) as a safe range over `body`.
    fn range(&self, span: Span) -> Range<usize> {
        let r = clamp(self.text, span);
        r.start.saturating_sub(self.shift)..r.end.saturating_sub(self.shift)
    }

    /// Like `range`, but without trailing line breaks: a value span that swallows its newline
    /// should not be drawn as reaching into the next line.
    fn shown_range(&self, span: Span) -> Range<usize> {
        let r = self.range(span);
        let trimmed = self.body[r.clone()].trim_end_matches(['\n', '\r']);
        r.start..r.start + trimmed.len()
    }

    /// The whole lines covering `ranges`, as (byte range in body, 1-based number of its first
    /// line). Passing only these lines keeps rendering cost independent of the file's size.
    fn excerpt(&self, ranges: &[Range<usize>]) -> (Range<usize>, usize) {
        let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
        let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
        let start = self.locator.line_range(lo + self.shift).start;
        let end = self.locator.line_range(hi + self.shift).end;
        let start = start.saturating_sub(self.shift);
        (start..end.saturating_sub(self.shift), self.line(start))
    }

    /// The excerpt cut down to `CONTEXT` characters around `ranges` when it is longer than
    /// `LONG_EXCERPT`: a flow written on one line of megabytes can hold thousands of findings,
    /// and drawing each frame costs as much as the text it is given. `None` when it is short.
    fn cropped(&self, excerpt: &Range<usize>, ranges: &[Range<usize>]) -> Option<Cropped> {
        if excerpt.len() <= LONG_EXCERPT {
            return None;
        }
        let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
        let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
        let body = self.body;
        let mut start = lo;
        for _ in 0..CONTEXT {
            match body[excerpt.start..start].chars().next_back() {
                Some(c) if c != '\n' && c != '\r' => start -= c.len_utf8(),
                _ => break,
            }
        }
        let mut end = hi;
        for _ in 0..CONTEXT {
            match body[end..excerpt.end].chars().next() {
                Some(c) if c != '\n' && c != '\r' => end += c.len_utf8(),
                _ => break,
            }
        }
        let primary = ranges.first().map_or(start, |r| r.start);
        Some(Cropped {
            range: start..end,
            line_start: self.line(start),
            before: start
                > self
                    .locator
                    .line_range(start + self.shift)
                    .start
                    .saturating_sub(self.shift),
            after: end
                < self
                    .locator
                    .line_range(end + self.shift)
                    .end
                    .saturating_sub(self.shift),
            origin: self.locator.line_col(primary + self.shift),
        })
    }

    /// The 1-based line of an offset in `body` (already on a char boundary).
    fn line(&self, offset: usize) -> usize {
        self.locator.line_col(offset + self.shift).line
    }
}

/// Excerpts longer than this (in bytes) are cropped to `CONTEXT` characters around the spans.
const LONG_EXCERPT: usize = 4096;
const CONTEXT: usize = 60;

/// A code frame's text cut out of a long line.
struct Cropped {
    range: Range<usize>,
    /// The 1-based line of `range.start`.
    line_start: usize,
    /// Text of the line before and after the range was left out (shown as `...`).
    before: bool,
    after: bool,
    /// Where the first span starts, for the `-->` line that annotate-snippets would get wrong
    /// from a cropped text.
    origin: super::LineCol,
}

/// Unshown lines between two spans beyond which they get code frames of their own. One frame
/// folds the gap to `...`, but annotate-snippets still walks every line of it, which made a
/// file with thousands of far labels (duplicate names all pointing at the first) quadratic.
/// Near spans (the usual case) keep the single frame.
const FAR: usize = 40;

/// One code frame: the spans drawn in it, as indexes into the diagnostic's span list.
struct Frame {
    last_line: usize,
    spans: Vec<usize>,
}

/// Groups `ranges` (over body) into frames of nearby lines, in file order. Each frame is later
/// given only its own lines, so the cost of drawing it does not depend on the distance to the
/// other frames.
fn frames(file: &File<'_>, ranges: &[Range<usize>]) -> Vec<Frame> {
    let mut lines: Vec<_> = ranges
        .iter()
        .enumerate()
        .map(|(i, r)| (file.line(r.start), file.line(r.end), i))
        .collect();
    lines.sort_unstable();
    let mut frames: Vec<Frame> = Vec::new();
    for (first, last, i) in lines {
        match frames.last_mut() {
            Some(frame) if first <= frame.last_line + FAR + 1 => {
                frame.last_line = frame.last_line.max(last);
                frame.spans.push(i);
            }
            _ => frames.push(Frame {
                last_line: last,
                spans: vec![i],
            }),
        }
    }
    frames
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Hint => Level::INFO.with_name("hint"),
    }
}

fn render_one(
    renderer: &Renderer,
    color: bool,
    path: &str,
    file: &File<'_>,
    d: &Diagnostic,
) -> String {
    let primary = file.shown_range(d.span);
    // The diagnostic has no label of its own for the primary span; a label on exactly that
    // span is drawn as the primary label instead of a second underline.
    let primary_label = d.labels.iter().find(|l| l.span == d.span);
    let secondary: Vec<_> = d
        .labels
        .iter()
        .filter(|l| l.span != d.span)
        .map(|l| (file.shown_range(l.span), l.message.as_str()))
        .collect();

    // The primary span is index 0, label `i` is index `i + 1`.
    let mut ranges = vec![primary];
    ranges.extend(secondary.iter().map(|(r, _)| r.clone()));
    let mut frames = frames(file, &ranges);
    // The frame of the primary span comes first: it carries the `-->` location.
    if let Some(at) = frames.iter().position(|f| f.spans.contains(&0)) {
        let primary_frame = frames.remove(at);
        frames.insert(0, primary_frame);
    }
    // Where the primary frame starts, when annotate-snippets cannot tell (a cropped text).
    let mut origin = None;
    let snippets: Vec<_> = frames
        .iter()
        .enumerate()
        .map(|(n, frame)| {
            let mut spans = frame.spans.clone();
            // Annotations in their original order: the primary one, then the labels as given.
            spans.sort_unstable();
            let shown: Vec<_> = spans.iter().map(|&i| ranges[i].clone()).collect();
            let (excerpt, line_start) = file.excerpt(&shown);
            let cropped = file.cropped(&excerpt, &shown);
            let (source, line_start, shift) = match &cropped {
                None => (
                    one_kind_of_line_break(&file.body[excerpt.clone()]).into_owned(),
                    line_start,
                    excerpt.start,
                ),
                Some(c) => {
                    if n == 0 {
                        origin = Some(c.origin);
                    }
                    let marker = if c.before { "..." } else { "" };
                    let text = format!(
                        "{marker}{}{}",
                        one_kind_of_line_break(&file.body[c.range.clone()]),
                        if c.after { "..." } else { "" }
                    );
                    // Offsets in the text shown: the marker comes first.
                    (text, c.line_start, c.range.start.wrapping_sub(marker.len()))
                }
            };
            let local = |r: &Range<usize>| r.start.wrapping_sub(shift)..r.end.wrapping_sub(shift);
            let annotations = spans.into_iter().map(|i| {
                if i == 0 {
                    let annotation = AnnotationKind::Primary.span(local(&ranges[0]));
                    match primary_label {
                        Some(label) => annotation.label(label.message.as_str()),
                        None => annotation,
                    }
                } else {
                    let (range, message) = &secondary[i - 1];
                    AnnotationKind::Context.span(local(range)).label(*message)
                }
            });
            let snippet = Snippet::source(source)
                .line_start(line_start)
                .annotations(annotations);
            // annotate-snippets works the location out of the text it is given.
            match cropped {
                None => snippet.path(path),
                Some(_) => snippet,
            }
        })
        .collect();

    // Notes and help are "trusted" text to annotate-snippets, but they quote the user's file:
    // normalise them so control characters in a step name cannot drive the terminal.
    let mut group = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.code)
        .elements(snippets);
    for note in &d.notes {
        group = group.element(Level::NOTE.message(normalize_untrusted_str(note)));
    }
    if let Some(help) = &d.help {
        // A fix with the same wording says it better, with the change drawn.
        if !d.fixes.iter().any(|f| &f.message == help) {
            group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
        }
    }

    let mut report = vec![group];
    for fix in &d.fixes {
        let title = Level::HELP.secondary_title(normalize_untrusted_str(&fix.message));
        report.push(match suggestion(path, file, fix) {
            Some(snippet) => title.element(snippet),
            None => Group::with_title(title),
        });
    }
    let rendered = renderer.render(&report);
    match origin {
        Some(at) => with_origin(
            &rendered,
            &format!("{path}:{}:{}", at.line, at.column),
            color,
        ),
        None => rendered,
    }
}

/// `rendered` with the ` --> path:line:column` line that annotate-snippets draws above a
/// code frame, for a frame it was given without a path: put in front of the first gutter
/// line (`  |`), indented as the gutter is.
fn with_origin(rendered: &str, location: &str, color: bool) -> String {
    let mut out = String::with_capacity(rendered.len() + location.len() + 16);
    let mut done = false;
    for line in rendered.split_inclusive('\n') {
        if !done {
            let plain = strip_ansi(line);
            if let Some(bar) = plain.find('|')
                && plain[..bar].bytes().all(|b| b == b' ')
                && bar > 0
            {
                let arrow = if color {
                    let style = annotate_snippets::renderer::DEFAULT_LINE_NUM_STYLE;
                    format!("{}--> {}", style.render(), style.render_reset())
                } else {
                    "--> ".to_string()
                };
                out.push_str(&format!("{}{arrow}{location}\n", " ".repeat(bar - 1)));
                done = true;
            }
        }
        out.push_str(line);
    }
    out
}

/// `text` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with every lone `\r` (a line break in YAML, as in old Mac files) made a `\n`, which
/// is what the code frame splits lines at; the same length, so offsets hold.
fn one_kind_of_line_break(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return text.into();
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let lone_cr = c == '\r' && b.get(i + 1) != Some(&b'\n');
        out.push(if lone_cr { '\n' } else { c });
    }
    out.into()
}

/// Lines longer than this (in characters) are not drawn in a fix's diff. The diff shows whole
/// lines, twice; a flow written on one 240 KB line with 100 fixes printed 48 MB. The code frame
/// itself is trimmed around the span by annotate-snippets, so the message suffices.
const LONG_LINE: usize = 200;

fn is_long(line: &str) -> bool {
    line.len() > LONG_LINE && line.chars().count() > LONG_LINE
}

/// The fix drawn as a diff, or None when its edits are empty, overlapping or out of the text,
/// or when a line of the diff would be longer than `LONG_LINE`.
fn suggestion<'a>(
    path: &'a str,
    file: &File<'a>,
    fix: &'a fdl_check::Fix,
) -> Option<Snippet<'a, Patch<'a>>> {
    let mut edits: Vec<_> = fix
        .edits
        .iter()
        .map(|e| (file.range(e.span), e.replacement.as_str(), e.span))
        .collect();
    edits.sort_by_key(|(r, _, _)| (r.start, r.end));
    let valid = !edits.is_empty()
        && edits.windows(2).all(|w| w[0].0.end <= w[1].0.start)
        // Clamping changed a span: the edit does not fit this text.
        && edits
            .iter()
            .all(|(r, _, span)| r.len() == span.end.saturating_sub(span.start));
    if !valid {
        return None;
    }
    let ranges: Vec<_> = edits.iter().map(|(r, _, _)| r.clone()).collect();
    let (excerpt, line_start) = file.excerpt(&ranges);
    let source = one_kind_of_line_break(&file.body[excerpt.clone()]);
    // The edited lines: the untouched text of the excerpt plus each replacement.
    if source.lines().any(is_long)
        || edits
            .iter()
            .any(|(_, replacement, _)| replacement.lines().any(is_long))
    {
        return None;
    }
    Some(
        Snippet::source(source)
            .line_start(line_start)
            .path(path)
            .patches(edits.into_iter().map(|(r, replacement, _)| {
                Patch::new(r.start - excerpt.start..r.end - excerpt.start, replacement)
            })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures::{self, SOURCE};

    fn plain(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
        render(path, text, diagnostics, HumanOptions { color: false })
    }

    #[test]
    fn code_frames() {
        insta::assert_snapshot!(plain("flow.yaml", SOURCE, &fixtures::diagnostics()));
    }

    fn one(message: &str, span: Span) -> Diagnostic {
        Diagnostic::new("FDL999", "test-rule", Severity::Error, message, span)
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle in text");
        Span::new(start, start + needle.len())
    }

    #[test]
    fn summary_lines() {
        let counts = |errors, warnings, hints| Counts {
            errors,
            warnings,
            hints,
        };
        let hints = |hints| Hidden {
            hints,
            ..Hidden::default()
        };
        let quiet = |warnings, hints| Hidden {
            warnings,
            hints,
            by_quiet: true,
        };
        assert_eq!(
            summary(0, counts(0, 0, 0), 0, 0, hints(0)),
            "Checked 0 files: no problems found\n"
        );
        assert_eq!(
            summary(3, counts(0, 0, 0), 0, 0, hints(1)),
            "Checked 3 files: no problems found (1 hint hidden; --show-hints shows it)\n"
        );
        assert_eq!(
            summary(3, counts(0, 1, 0), 1, 0, hints(2)),
            "Checked 3 files: 1 warning in 1 file (2 hints hidden; --show-hints shows them)\n"
        );
        assert_eq!(
            summary(2, counts(0, 0, 0), 0, 1, hints(2)),
            "Checked 2 files (2 hints hidden; --show-hints shows them); 1 path could not be checked (see the errors above)\n"
        );
        assert_eq!(
            summary(1, counts(0, 0, 0), 0, 0, hints(0)),
            "Checked 1 file: no problems found\n"
        );
        assert_eq!(
            summary(5, counts(2, 1, 0), 2, 0, hints(0)),
            "Checked 5 files: 2 errors, 1 warning in 2 files\n"
        );
        assert_eq!(
            summary(1, counts(1, 0, 3), 1, 0, hints(0)),
            "Checked 1 file: 1 error, 3 hints in 1 file\n"
        );
        assert_eq!(
            summary(2, counts(0, 2, 0), 1, 0, hints(0)),
            "Checked 2 files: 2 warnings in 1 file\n"
        );
        assert_eq!(
            summary(0, counts(0, 0, 0), 0, 1, hints(0)),
            "Checked 0 files; 1 path could not be checked (see the errors above)\n"
        );
        assert_eq!(
            summary(3, counts(1, 0, 0), 1, 2, hints(0)),
            "Checked 3 files: 1 error in 1 file; 2 paths could not be checked (see the errors above)\n"
        );
        assert_eq!(
            summary(4, counts(1, 0, 0), 1, 0, quiet(2, 1)),
            "Checked 4 files: 1 error in 1 file (2 warnings and 1 hint hidden by --quiet)\n"
        );
        assert_eq!(
            summary(4, counts(0, 0, 0), 0, 0, quiet(1, 0)),
            "Checked 4 files: no errors found (1 warning hidden by --quiet)\n"
        );
        assert_eq!(
            summary(4, counts(0, 0, 0), 0, 0, quiet(0, 3)),
            "Checked 4 files: no problems found (3 hints hidden by --quiet)\n"
        );
        assert_eq!(
            summary(4, counts(0, 0, 0), 0, 0, quiet(0, 0)),
            "Checked 4 files: no problems found\n"
        );
    }

    #[test]
    fn nothing_to_render() {
        assert_eq!(plain("a.yaml", SOURCE, &[]), "");
    }

    #[test]
    fn colour_only_when_asked() {
        let diagnostics = fixtures::diagnostics();
        let coloured = render("a.yaml", SOURCE, &diagnostics, HumanOptions { color: true });
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        assert!(!plain("a.yaml", SOURCE, &diagnostics).contains('\u{1b}'));
    }

    #[test]
    fn bom_is_not_shown_and_does_not_shift_columns() {
        let text = "\u{feff}version: v2\ntype: flow\n";
        let out = plain("bom.yaml", text, &[one("bad version", span_of(text, "v2"))]);
        assert!(!out.contains('\u{feff}'), "{out}");
        assert!(out.contains(" --> bom.yaml:1:10"), "{out}");
        insta::assert_snapshot!(out, @r"
        error[FDL999]: bad version
         --> bom.yaml:1:10
          |
        1 | version: v2
          |          ^^
        ");
    }

    #[test]
    fn crlf_tabs_and_control_characters() {
        let text = "version: v1\r\ntype:\tflow\r\nsteps: []\r\n";
        let mut d = one(
            "a message with \u{1b}[31mescape\u{7}",
            span_of(text, "flow"),
        );
        d.notes.push("a note with \u{1b}]0;title\u{7}".into());
        d.help = Some("help\u{1b}[2J".into());
        let out = plain("crlf.yaml", text, &[d]);
        assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
        insta::assert_snapshot!(out, @r"
        error[FDL999]: a message with ␛[31mescape␇
         --> crlf.yaml:2:7
          |
        2 | type:    flow
          |          ^^^^
          |
          = note: a note with ␛]0;title␇
          = help: help␛[2J
        ");
    }

    /// Old Mac line breaks (a lone `\r`): the frame shows the right line, and its number.
    #[test]
    fn lone_cr_line_breaks() {
        let text = "version: v1\rtype: flow\rsteps:\r  - type: pass\r    name: p\r    bogus: 1\r";
        let span = span_of(text, "bogus");
        let mut d = one("unknown key", span);
        d.labels.push(fdl_check::Label {
            span: span_of(text, "name"),
            message: "in this step".into(),
        });
        let out = plain("cr.yaml", text, &[d]);
        assert!(!out.contains('\r'), "{out:?}");
        insta::assert_snapshot!(out, @r"
        error[FDL999]: unknown key
         --> cr.yaml:6:5
          |
        5 |     name: p
          |     ---- in this step
        6 |     bogus: 1
          |     ^^^^^
        ");
    }

    #[test]
    fn broken_fix_shows_its_message_only() {
        let text = "goto: Chek\n";
        let mut d = one("missing target", span_of(text, "Chek"));
        d.fixes.push(fdl_check::Fix {
            message: "overlapping edits".into(),
            safe: false,
            edits: vec![
                fdl_check::Edit {
                    span: Span::new(6, 9),
                    replacement: "a".into(),
                },
                fdl_check::Edit {
                    span: Span::new(8, 10),
                    replacement: "b".into(),
                },
            ],
        });
        d.fixes.push(fdl_check::Fix {
            message: "out of the text".into(),
            safe: false,
            edits: vec![fdl_check::Edit {
                span: Span::new(6, 400),
                replacement: "c".into(),
            }],
        });
        insta::assert_snapshot!(plain("f.yaml", text, &[d]), @r"
        error[FDL999]: missing target
         --> f.yaml:1:7
          |
        1 | goto: Chek
          |       ^^^^
          |
        help: overlapping edits
        help: out of the text
        ");
    }

    /// A flow written on one long line: a fix is shown by its message, without a diff that
    /// would print the whole line twice per fix.
    #[test]
    fn fixes_on_long_lines_show_their_message_only() {
        let step = "{type: pass, name: p, retry: [{errors: [FnF.All]}]}, ";
        let text = format!(
            "{{version: v1, type: flow, steps: [{}]}}\n",
            step.repeat(100)
        );
        assert!(text.len() > 5_000);
        let diagnostics: Vec<_> = text
            .match_indices("FnF.All")
            .map(|(at, _)| {
                let span = Span::new(at, at + 7);
                let mut d = one("unknown built-in error `FnF.All`", span);
                d.fixes.push(fdl_check::Fix {
                    message: "replace with `FnF.ALL`".into(),
                    safe: true,
                    edits: vec![fdl_check::Edit {
                        span,
                        replacement: "FnF.ALL".into(),
                    }],
                });
                d
            })
            .collect();
        assert_eq!(diagnostics.len(), 100);
        let out = plain("one-line.yaml", &text, &diagnostics);
        assert_eq!(out.matches("help: replace with `FnF.ALL`").count(), 100);
        let head: String = out.chars().take(3_000).collect();
        assert!(!out.contains("1 +") && !out.contains("1 -"), "{head}");
        // The code frames are trimmed around the span: a few hundred bytes each.
        assert!(out.len() < 100 * 1_000, "{} bytes", out.len());

        // A short line keeps its diff.
        let text = "errors: [FnF.All]\n";
        let span = span_of(text, "FnF.All");
        let mut d = one("m", span);
        d.fixes.push(fdl_check::Fix {
            message: "replace with `FnF.ALL`".into(),
            safe: true,
            edits: vec![fdl_check::Edit {
                span,
                replacement: "FnF.ALL".into(),
            }],
        });
        let out = plain("short.yaml", text, &[d]);
        assert!(
            out.contains("1 - errors: [FnF.All]") && out.contains("1 + errors: [FnF.ALL]"),
            "{out}"
        );
    }

    /// A flow of `steps` pass steps all named `p`, and one diagnostic per step on its name,
    /// labelled with the `steps:` key: near it for the first steps, far from it for the rest.
    fn same_name_steps(steps: usize) -> (String, Vec<Diagnostic>) {
        let mut text = String::from("version: v1\ntype: flow\nsteps:\n");
        for _ in 0..steps {
            text.push_str("  - type: pass\n    name: p\n");
        }
        let list = span_of(&text, "steps");
        let diagnostics = text
            .match_indices("name: p")
            .map(|(at, _)| {
                let mut d = Diagnostic::new(
                    "FDL202",
                    "duplicate-step-name",
                    Severity::Error,
                    "another step in this list is already named `p`",
                    Span::new(at + 6, at + 7),
                );
                d.labels.push(fdl_check::Label {
                    span: list,
                    message: "in this list".into(),
                });
                d
            })
            .collect();
        (text, diagnostics)
    }

    /// Thousands of diagnostics with a label far away (at the top of the file) used to take
    /// time quadratic in their number; each must still be drawn in full.
    #[test]
    fn many_far_labels() {
        let (text, diagnostics) = same_name_steps(5_000);
        assert_eq!(diagnostics.len(), 5_000);
        let out = plain("big.yaml", &text, &diagnostics);
        assert_eq!(out.matches("error[FDL202]").count(), 5_000);
        let first = "\
error[FDL202]: another step in this list is already named `p`
 --> big.yaml:5:11
  |
3 | steps:
  | ----- in this list
4 |   - type: pass
5 |     name: p
  |           ^

";
        assert!(out.starts_with(first), "{}", &out[..first.len() + 200]);
        let last = "\n\nerror[FDL202]: another step in this list is already named `p`
     --> big.yaml:10003:11
      |
10003 |     name: p
      |           ^
      |
     ::: big.yaml:3:1
      |
    3 | steps:
      | ----- in this list

";
        assert!(
            out.ends_with(last),
            "{}",
            &out[out.len() - last.len() - 200..]
        );
    }

    /// Up to `FAR` unshown lines, a label shares the frame of the primary span with the gap
    /// folded to `...`; beyond, it gets a frame of its own after the primary one.
    #[test]
    fn far_labels_get_their_own_frame() {
        let frame = |gap: usize| {
            let text = format!("top: 1\n{}bottom: 2\n", "x: 0\n".repeat(gap));
            let mut d = one("m", span_of(&text, "2"));
            d.labels.push(fdl_check::Label {
                span: span_of(&text, "1"),
                message: "l".into(),
            });
            plain("g.yaml", &text, &[d])
        };
        let near = frame(FAR);
        assert!(near.contains(" --> g.yaml:42:9"), "{near}");
        assert!(near.contains("\n...\n") && !near.contains(":::"), "{near}");
        let far = frame(FAR + 1);
        assert!(far.contains(" --> g.yaml:43:9"), "{far}");
        assert!(
            far.contains("::: g.yaml:1:6") && !far.contains("\n...\n"),
            "{far}"
        );
    }

    /// Labels on both sides of the primary span: near ones share its frame, each far group
    /// gets one frame, in file order after the primary frame.
    #[test]
    fn frames_in_file_order_after_the_primary_one() {
        let (text, _) = same_name_steps(60);
        let names: Vec<_> = text
            .match_indices("name: p")
            .map(|(at, _)| at + 6)
            .collect();
        let at = |i: usize| Span::new(names[i], names[i] + 1);
        let mut d = one("step 30", at(30));
        for (i, message) in [(59, "last"), (0, "first"), (31, "next"), (1, "second")] {
            d.labels.push(fdl_check::Label {
                span: at(i),
                message: message.into(),
            });
        }
        insta::assert_snapshot!(plain("o.yaml", &text, &[d]), @r"
        error[FDL999]: step 30
           --> o.yaml:65:11
            |
         65 |     name: p
            |           ^
         66 |   - type: pass
         67 |     name: p
            |           - next
            |
           ::: o.yaml:5:11
            |
          5 |     name: p
            |           - first
          6 |   - type: pass
          7 |     name: p
            |           - second
            |
           ::: o.yaml:123:11
            |
        123 |     name: p
            |           - last
        ");
    }

    /// Every span, sane or not, over awkward texts: rendering must never panic.
    #[test]
    fn long_lines_are_cropped_around_the_span_with_the_right_location() {
        // A flow on one line of 20 KB with a finding near its end, after wide characters.
        let filler = "{type: pass, name: 名前}, ".repeat(800);
        let text = format!(
            "version: v1\ntype: flow\nsteps: [{filler}{{type: pass, name: last, bogus: 1}}]\n"
        );
        let at = text.find("bogus").unwrap();
        let d = one("unknown key `bogus`", Span::new(at, at + 5));
        let column = text[text.find("steps").unwrap()..at].chars().count() + 1;
        for color in [false, true] {
            let out = render(
                "f.yaml",
                &text,
                std::slice::from_ref(&d),
                HumanOptions { color },
            );
            let plain = strip_ansi(&out);
            assert!(
                plain.contains(&format!(" --> f.yaml:3:{column}\n")),
                "{plain}"
            );
            assert!(
                plain.contains("3 | ...") && plain.contains("bogus: 1}]"),
                "{plain}"
            );
            assert!(
                out.len() < 1000,
                "the frame shows a window, not the line: {out}"
            );
            // The caret sits under `bogus` in the window shown (名 and 前 are two columns wide).
            let lines: Vec<&str> = plain.lines().collect();
            let source = lines.iter().position(|l| l.starts_with("3 | ")).unwrap();
            let caret = lines[source + 1].find('^').unwrap();
            let before = &lines[source][..lines[source].find("bogus").unwrap()];
            let width: usize = before
                .chars()
                .map(|c| if c > '\u{1100}' { 2 } else { 1 })
                .sum();
            assert_eq!(caret, width, "{plain}");
        }
    }

    #[test]
    fn thousands_of_findings_on_one_long_line() {
        let steps: Vec<String> = (0..3000)
            .map(|i| format!("{{type: pass, name: s{i}, bogus: {i}}}"))
            .collect();
        let text = format!("version: v1\ntype: flow\nsteps: [{}]\n", steps.join(", "));
        let diagnostics: Vec<Diagnostic> = text
            .match_indices("bogus")
            .map(|(at, _)| one("unknown key", Span::new(at, at + 5)))
            .collect();
        let out = plain("f.yaml", &text, &diagnostics);
        // Each frame is a window of the line: the output grows with the findings, not with
        // findings times the line's length.
        assert!(out.len() < diagnostics.len() * 600, "{} bytes", out.len());
        let last = text.rfind("bogus").unwrap();
        let column = text[text.find("steps").unwrap()..last].chars().count() + 1;
        assert!(out.contains(&format!(" --> f.yaml:3:{column}\n")));
    }

    #[test]
    fn any_span_renders_without_panic() {
        let texts = [
            "",
            "\n",
            "a",
            "\u{feff}",
            "\u{feff}k: 值\n",
            "k: 订单\r\n\tv: x\r\n",
            "a: b\n\nc: d",
            "x: \u{1F600}\u{200d}\u{1F600}\n",
        ];
        for text in texts {
            let limit = text.len() + 2;
            for start in 0..=limit {
                for end in 0..=limit {
                    let span = Span::new(start, end);
                    let mut d = one("m", span);
                    d.labels.push(fdl_check::Label {
                        span: Span::new(end, start),
                        message: "l".into(),
                    });
                    d.fixes.push(fdl_check::Fix {
                        message: "f".into(),
                        safe: true,
                        edits: vec![fdl_check::Edit {
                            span,
                            replacement: "r\n".into(),
                        }],
                    });
                    let out = plain("p.yaml", text, &[d]);
                    assert!(
                        out.starts_with("error[FDL999]: m"),
                        "{text:?} {span:?}: {out}"
                    );
                }
            }
        }
    }
}
