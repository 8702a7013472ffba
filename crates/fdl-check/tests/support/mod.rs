//! A compact, exact text rendering of diagnostics for snapshots: positions as 1-based
//! line:column (columns in characters), the source line with carets, then labels, notes, help
//! and fixes. Shared by several test targets, each of which uses only part of it.
#![allow(dead_code)]

use fdl_check::{Diagnostic, LineIndex, Span};

/// Every span of every diagnostic, label and fix lies inside the text, on character
/// boundaries; every message is non-empty.
pub fn assert_spans_valid(text: &str, diagnostics: &[Diagnostic], what: &str) {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for d in diagnostics {
        assert!(
            ok(d.span),
            "{what}: {} span {:?} out of bounds",
            d.code,
            d.span
        );
        for l in &d.labels {
            assert!(ok(l.span), "{what}: {} label {:?}", d.code, l.span);
        }
        for f in &d.fixes {
            for e in &f.edits {
                assert!(ok(e.span), "{what}: {} fix {:?}", d.code, e.span);
            }
        }
        assert!(!d.message.is_empty(), "{what}: {} has no message", d.code);
    }
}

fn at(index: &LineIndex, offset: usize) -> String {
    let p = index.position(offset);
    format!("{}:{}", p.line + 1, p.col_char + 1)
}

fn range(index: &LineIndex, span: Span) -> String {
    format!("{}-{}", at(index, span.start), at(index, span.end))
}

pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{} {} ({}) at {}\n  {}\n",
            d.code,
            d.name,
            d.severity.as_str(),
            range(&index, d.span),
            d.message
        ));
        let start = index.position(d.span.start);
        let line_span = index.line_span(start.line).unwrap_or(Span::empty(0));
        let line = &text[line_span.range()];
        let end = d.span.end.min(line_span.end).max(d.span.start);
        let pad = line[..(d.span.start - line_span.start).min(line.len())]
            .chars()
            .count();
        let width = text[d.span.start..end].chars().count().max(1);
        let number = (start.line + 1).to_string();
        out.push_str(&format!(
            "  {number} | {line}\n  {} | {}{}\n",
            " ".repeat(number.len()),
            " ".repeat(pad),
            "^".repeat(width)
        ));
        for l in &d.labels {
            out.push_str(&format!(
                "  label at {}: {}\n",
                range(&index, l.span),
                l.message
            ));
        }
        for n in &d.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {h}\n"));
        }
        for f in &d.fixes {
            out.push_str(&format!(
                "  fix ({}): {}\n",
                if f.safe { "safe" } else { "unsafe" },
                f.message
            ));
            for e in &f.edits {
                out.push_str(&format!(
                    "    {} -> {:?}\n",
                    range(&index, e.span),
                    e.replacement
                ));
            }
        }
    }
    if diagnostics.is_empty() {
        out.push_str("no diagnostics\n");
    }
    out
}

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
