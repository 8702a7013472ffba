//! Byte offsets to and from LSP positions, in the encoding agreed with the client.
//!
//! Clients send positions that may be past the end of a line or of the document, or inside a
//! character (half of a UTF-16 surrogate pair): they are clamped, never rejected, so that a
//! confused client still gets an answer.

use fdl_syntax::{LineIndex, Span};
use gen_lsp_types::{Position, Range};

/// How LSP columns count: UTF-16 code units (the protocol's default) or bytes (when the
/// client offers `utf-8`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// Width of a character in this encoding's units.
    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }
}

/// A document's text with its line index: everything needed to convert positions.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    /// The byte offset of an LSP position. A line past the last one means the end of the
    /// text; a column past the end of its line means the end of that line; a column inside a
    /// character means the start of that character.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(line) = self.index.line_span(pos.line) else {
            return self.text.len();
        };
        let fast = match self.encoding {
            Encoding::Utf8 => self.index.offset_utf8(pos.line, pos.character),
            Encoding::Utf16 => self.index.offset_utf16(pos.line, pos.character),
        };
        if let Some(offset) = fast
            && offset <= line.end
        {
            return offset;
        }
        let mut units = 0u32;
        let content = self.text.get(line.start..line.end).unwrap_or_default();
        for (i, c) in content.char_indices() {
            let next = units + self.encoding.width(c);
            if next > pos.character {
                return line.start + i;
            }
            units = next;
        }
        line.end
    }

    pub fn position(&self, offset: usize) -> Position {
        let p = self.index.position(offset);
        Position {
            line: p.line,
            character: match self.encoding {
                Encoding::Utf8 => p.col_utf8,
                Encoding::Utf16 => p.col_utf16,
            },
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end.max(span.start)),
        }
    }

    /// The byte span of an LSP range; a range whose end comes before its start is read as
    /// empty at its start.
    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        Span::new(start, end.max(start))
    }

    /// Length of `span` in the encoding's units (for semantic tokens).
    pub fn width(&self, span: Span) -> u32 {
        match self.encoding {
            Encoding::Utf8 => span.len() as u32,
            Encoding::Utf16 => self
                .text
                .get(span.start..span.end)
                .map_or(0, |s| s.encode_utf16().count() as u32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn positions_round_trip_and_clamp() {
        let text = "a: 名前\nb: 😀x\r\nc\n";
        let index = LineIndex::new(text);
        let u16 = Lines {
            text,
            index: &index,
            encoding: Encoding::Utf16,
        };
        let u8 = Lines {
            encoding: Encoding::Utf8,
            ..u16
        };
        // `名` starts at byte 3, `前` at byte 6; each is one UTF-16 unit.
        assert_eq!(u16.offset(pos(0, 4)), 6);
        assert_eq!(u8.offset(pos(0, 6)), 6);
        assert_eq!(u16.position(6), pos(0, 4));
        assert_eq!(u8.position(6), pos(0, 6));
        // Inside the surrogate pair of 😀 (line 1 starts at byte 10): its start.
        assert_eq!(u16.offset(pos(1, 4)), 13);
        assert_eq!(u16.offset(pos(1, 5)), 17);
        // Inside a UTF-8 sequence: its start.
        assert_eq!(u8.offset(pos(0, 4)), 3);
        // Past the end of a line: the end of the line, before `\r\n`.
        assert_eq!(u16.offset(pos(1, 99)), 18);
        assert_eq!(u16.offset(pos(0, 99)), 9);
        // Past the last line: the end of the text.
        assert_eq!(u16.offset(pos(99, 0)), text.len());
        assert_eq!(u16.offset(pos(3, 5)), text.len());
        // A reversed range is empty at its start.
        let r = Range {
            start: pos(1, 0),
            end: pos(0, 0),
        };
        assert_eq!(u16.span(r), Span::new(10, 10));
        assert_eq!(u16.width(Span::new(13, 18)), 3);
        assert_eq!(u8.width(Span::new(13, 18)), 5);
    }

    #[test]
    fn empty_text() {
        let index = LineIndex::new("");
        let lines = Lines {
            text: "",
            index: &index,
            encoding: Encoding::Utf16,
        };
        assert_eq!(lines.offset(pos(0, 0)), 0);
        assert_eq!(lines.offset(pos(0, 7)), 0);
        assert_eq!(lines.offset(pos(7, 7)), 0);
        assert_eq!(lines.position(5), pos(0, 0));
    }
}
