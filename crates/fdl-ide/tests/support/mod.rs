//! Fixtures with a cursor marker, and plain-text renderings of feature results for snapshots.
#![allow(dead_code)]

use fdl_ide::{Analysis, Completion, Edit, Span};

/// The marker for the cursor in a fixture.
pub const CURSOR: &str = "$0";

/// The fixture without its marker, and the marker's offset.
pub fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture
        .find(CURSOR)
        .unwrap_or_else(|| panic!("no `{CURSOR}` in the fixture:\n{fixture}"));
    let text = format!("{}{}", &fixture[..at], &fixture[at + CURSOR.len()..]);
    assert!(!text.contains(CURSOR), "more than one cursor");
    (text, at)
}

pub fn analysis(fixture: &str) -> (Analysis, usize) {
    let (text, at) = cursor(fixture);
    (Analysis::new(text), at)
}

/// `text` with `span` marked as `[[...]]`.
pub fn mark(text: &str, span: Span) -> String {
    format!(
        "{}[[{}]]{}",
        &text[..span.start],
        &text[span.start..span.end],
        &text[span.end..]
    )
}

/// The line holding `span`, with the span marked: `12: │  goto: [[a]]`.
pub fn show(text: &str, span: Span) -> String {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let line = text[..span.start].matches('\n').count() + 1;
    let marked = format!(
        "{}[[{}]]{}",
        &text[line_start..span.start],
        &text[span.start..span.end],
        &text[span.end..line_end]
    );
    format!("{line:>3}: {}", marked.replace('\n', "⏎"))
}

pub fn completions(fixture: &str) -> String {
    let (a, at) = analysis(fixture);
    render_completions(a.text(), &a.completions(at))
}

pub fn render_completions(text: &str, items: &[Completion]) -> String {
    let mut items: Vec<&Completion> = items.iter().collect();
    items.sort_by(|a, b| (&a.sort_key, &a.label).cmp(&(&b.sort_key, &b.label)));
    let mut out = String::new();
    for c in items {
        out.push_str(&format!(
            "{:?} {}{} — replaces {:?}{}\n",
            c.kind,
            c.label,
            c.detail
                .as_deref()
                .map_or(String::new(), |d| format!(" ({d})")),
            &text[c.replace.start..c.replace.end],
            if c.insert_text == c.label {
                String::new()
            } else {
                format!(
                    ", inserts {}{:?}",
                    if c.is_snippet { "snippet " } else { "" },
                    c.insert_text
                )
            }
        ));
    }
    if out.is_empty() {
        out.push_str("(nothing)\n");
    }
    out
}

/// The text with the edits applied (edits must not overlap).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::new();
    let mut at = 0;
    for e in edits {
        assert!(e.span.start >= at, "overlapping edits");
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every YAML fixture of the repository: (path relative to the root, text).
pub fn repository_fixtures() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
                let rel = path
                    .strip_prefix(&root)
                    .expect("under the root")
                    .display()
                    .to_string();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    out
}
