//! Byte offsets to and from line/column positions, in UTF-8, UTF-16 and characters.

use line_index::{LineCol, TextSize, WideEncoding, WideLineCol};

use crate::Span;

/// Converts between byte offsets and line/column positions.
///
/// Lines end at `\n` (a `\r` before it belongs to the line break, not to the line's content).
#[derive(Clone, Debug)]
pub struct LineIndex {
    inner: line_index::LineIndex,
    /// Byte length of the indexed text (at most `u32::MAX - 1`; longer text is cut there).
    len: u32,
    /// For each line, whether it ends with `\r\n`.
    crlf: Vec<bool>,
}

/// A position in the text. Lines and columns are 0-based.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Position {
    pub line: u32,
    /// Column in bytes (UTF-8).
    pub col_utf8: u32,
    /// Column in UTF-16 code units (the LSP default).
    pub col_utf16: u32,
    /// Column in Unicode scalar values (what a human counts, and what annotate-snippets shows).
    pub col_char: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // line-index counts in u32 and asserts on longer text: index a prefix instead.
        let mut cut = text.len().min(u32::MAX as usize - 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &text[..cut];
        let b = text.as_bytes();
        let crlf = b
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c == b'\n')
            .map(|(i, _)| i > 0 && b[i - 1] == b'\r')
            .collect();
        LineIndex {
            inner: line_index::LineIndex::new(text),
            len: cut as u32,
            crlf,
        }
    }

    /// The position of a byte offset. Offsets past the end are clamped to the end; an offset
    /// inside a multi-byte character is moved back to the start of that character.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.len as usize) as u32;
        let lc = loop {
            if let Some(lc) = self.inner.try_line_col(TextSize::from(offset)) {
                break lc;
            }
            if offset == 0 {
                break LineCol { line: 0, col: 0 };
            }
            offset -= 1;
        };
        let wide = |enc| self.inner.to_wide(enc, lc).map_or(lc.col, |w| w.col);
        Position {
            line: lc.line,
            col_utf8: lc.col,
            col_utf16: wide(WideEncoding::Utf16),
            col_char: wide(WideEncoding::Utf32),
        }
    }

    /// The byte offset of a line and UTF-16 column (as LSP sends them). `None` when the line
    /// does not exist, or the column is past the end of the line (beyond its line break) or
    /// inside a character.
    pub fn offset_utf16(&self, line: u32, col: u32) -> Option<usize> {
        let lc = self
            .inner
            .to_utf8(WideEncoding::Utf16, WideLineCol { line, col })?;
        self.checked_offset(lc)
    }

    /// The byte offset of a line and UTF-8 (byte) column. `None` as for `offset_utf16`.
    pub fn offset_utf8(&self, line: u32, col: u32) -> Option<usize> {
        self.checked_offset(LineCol { line, col })
    }

    fn checked_offset(&self, lc: LineCol) -> Option<usize> {
        let range = self.inner.line(lc.line)?;
        let start = u32::from(range.start()) as usize;
        // Up to the `\n` itself, which `position` can return for an offset on it.
        let last = match self.crlf.get(lc.line as usize) {
            Some(_) => u32::from(range.end()) as usize - 1,
            None => u32::from(range.end()) as usize,
        };
        let offset = start.checked_add(lc.col as usize)?;
        if offset > last {
            return None;
        }
        let back = self.inner.try_line_col(TextSize::from(offset as u32))?;
        (back == lc).then_some(offset)
    }

    /// Number of lines: one more than the number of `\n` (an empty last line counts).
    pub fn line_count(&self) -> usize {
        self.crlf.len() + 1
    }

    /// The byte span of a line's content, without its line break.
    pub fn line_span(&self, line: u32) -> Option<Span> {
        let range = self.inner.line(line)?;
        let start = u32::from(range.start()) as usize;
        let mut end = u32::from(range.end()) as usize;
        if let Some(&crlf) = self.crlf.get(line as usize) {
            end -= if crlf { 2 } else { 1 };
        }
        Some(Span::new(start, end.max(start)))
    }

    /// Byte length of the indexed text.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
