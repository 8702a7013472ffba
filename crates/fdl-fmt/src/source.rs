//! Line-level view of the source text: where lines start and end, columns, blank lines.

/// The source text with its line starts, for line and column questions in O(log n).
pub(crate) struct Source<'a> {
    pub text: &'a str,
    starts: Vec<usize>,
    /// Length of a leading byte order mark (0 or 3): not part of line 0's indentation.
    bom: usize,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Source { text, starts, bom }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset (an offset past the end is on the last line).
    pub fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Offset of the first byte of `line`, after the byte order mark on line 0.
    pub fn line_start(&self, line: usize) -> usize {
        if line == 0 {
            self.bom
        } else {
            self.starts[line]
        }
    }

    /// Offset of the end of `line`'s content: before its `\n`, and before a `\r` preceding it.
    pub fn line_end(&self, line: usize) -> usize {
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let start = self.line_start(line);
        if end > start && self.bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The content of `line`, without its line break.
    pub fn line(&self, line: usize) -> &'a str {
        &self.text[self.line_start(line)..self.line_end(line).max(self.line_start(line))]
    }

    /// Column (in bytes) of an offset within its line.
    pub fn col(&self, pos: usize) -> usize {
        pos.saturating_sub(self.line_start(self.line_of(pos)))
    }

    /// True when the line holds only spaces and tabs (or nothing).
    pub fn is_blank(&self, line: usize) -> bool {
        self.line(line).bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// The first offset at or after `pos` that is not a space or tab.
    pub fn skip_spaces(&self, mut pos: usize) -> usize {
        let b = self.bytes();
        while pos < b.len() && matches!(b[pos], b' ' | b'\t') {
            pos += 1;
        }
        pos
    }

    /// The first offset at or after `pos` that is not white space, a line break or part of a
    /// comment.
    pub fn skip_trivia(&self, mut pos: usize) -> usize {
        let b = self.bytes();
        loop {
            while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\r' | b'\n') {
                pos += 1;
            }
            let comment = pos < b.len()
                && b[pos] == b'#'
                && (pos == 0 || matches!(b[pos - 1], b' ' | b'\t' | b'\r' | b'\n'));
            if !comment {
                return pos;
            }
            while pos < b.len() && b[pos] != b'\n' {
                pos += 1;
            }
        }
    }

    /// True when only spaces and tabs precede `pos` on its line.
    pub fn first_on_line(&self, pos: usize) -> bool {
        let start = self.line_start(self.line_of(pos));
        self.bytes()[start..pos.max(start)]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
    }
}

/// Line break used by the output: the first line's (`\r\n` or `\n`).
pub(crate) fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = Source::new("a: 1\r\n  b: 2\n\nc");
        assert_eq!(s.line_count(), 4);
        assert_eq!(s.line(0), "a: 1");
        assert_eq!(s.line(1), "  b: 2");
        assert!(s.is_blank(2));
        assert_eq!(s.line(3), "c");
        assert_eq!(s.line_of(8), 1);
        assert_eq!(s.col(8), 2);
        assert_eq!(newline_of("a\r\nb\n"), "\r\n");
        assert_eq!(newline_of("a\nb\r\n"), "\n");
        assert_eq!(newline_of("a"), "\n");
    }

    #[test]
    fn byte_order_mark_is_not_indentation() {
        let s = Source::new("\u{feff}a: 1\n");
        assert_eq!(s.col(3), 0);
        assert_eq!(s.line(0), "a: 1");
    }

    #[test]
    fn trivia() {
        let s = Source::new("a # c\n  # d\n  - x");
        assert_eq!(s.skip_trivia(1), 14);
        assert!(s.first_on_line(14));
        assert!(!s.first_on_line(2));
    }
}
