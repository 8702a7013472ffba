//! Line arithmetic on the document text, and small text helpers shared by the features.

use fdl_syntax::Span;

/// The start offset of every line.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// Line lookups by binary search over the line starts.
#[derive(Clone, Copy)]
pub(crate) struct Lines<'t> {
    pub text: &'t str,
    starts: &'t [usize],
}

impl<'t> Lines<'t> {
    /// `starts` must be `line_starts(text)`.
    pub fn new(text: &'t str, starts: &'t [usize]) -> Lines<'t> {
        Lines { text, starts }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset (offsets past the end are on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// End of the line's content: before its `\n` (and a `\r` before that).
    pub fn end(&self, line: usize) -> usize {
        let next = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let b = self.text.as_bytes();
        if next > self.start(line) && b.get(next - 1) == Some(&b'\r') {
            next - 1
        } else {
            next
        }
    }

    /// The line's content, without its line break.
    pub fn content(&self, line: usize) -> &'t str {
        self.text
            .get(self.start(line)..self.end(line))
            .unwrap_or("")
    }
}

/// The largest char boundary at or before `offset`, within the text.
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` as a YAML scalar: plain when that reads back the same, else double-quoted.
pub(crate) fn scalar_text(text: &str) -> String {
    if fdl_syntax::plain_is_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// True when two spans overlap or touch (an empty span at the edge of another touches it).
pub(crate) fn touches(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A one-line preview of a scalar, shortened.
pub(crate) fn short(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let mut out: String = first.chars().take(max).collect();
    if first.chars().count() > max || text.contains('\n') {
        out.push('…');
    }
    out
}

/// Markdown inline code, with enough backticks around it to hold backticks inside.
pub(crate) fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let starts = line_starts("a\r\nbc\n\nd");
        let l = Lines::new("a\r\nbc\n\nd", &starts);
        assert_eq!(l.count(), 4);
        assert_eq!(l.content(0), "a");
        assert_eq!(l.content(1), "bc");
        assert_eq!(l.content(2), "");
        assert_eq!(l.content(3), "d");
        assert_eq!(l.line_of(0), 0);
        assert_eq!(l.line_of(3), 1);
        assert_eq!(l.line_of(8), 3);
        assert_eq!(l.line_of(100), 3);
    }

    #[test]
    fn quoting() {
        assert_eq!(scalar_text("step-1"), "step-1");
        assert_eq!(scalar_text("a: b"), "\"a: b\"");
        assert_eq!(scalar_text("true"), "\"true\"");
        assert_eq!(scalar_text("10"), "\"10\"");
        assert_eq!(scalar_text("检查"), "检查");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
