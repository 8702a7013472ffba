//! Byte offsets to and from line/column positions, in UTF-8, UTF-16 and characters.

use crate::Span;

/// Converts between byte offsets and line/column positions.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, the three line breaks of YAML (and of the LSP):
/// the break belongs to the line it ends, not to its content. Built in one pass over the text;
/// every query is a few binary searches, whatever the length of the lines.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte length of the indexed text (at most `u32::MAX - 1`; longer text is cut there).
    len: u32,
    /// Start of every line; the first is 0.
    starts: Vec<u32>,
    /// For each line but the last, whether its break is `\r\n` (two bytes) rather than one.
    crlf: Vec<bool>,
    /// For each line, the index in `wide` of its first wide character (or of the next one).
    line_wide: Vec<u32>,
    /// Every character outside ASCII, in text order, with the UTF-16 units and characters its
    /// predecessors save over their byte length: columns are byte columns minus the savings of
    /// the wide characters between the line start and the offset.
    wide: Vec<Wide>,
}

#[derive(Clone, Copy, Debug)]
struct Wide {
    offset: u32,
    /// Length in bytes (2 to 4).
    len: u8,
    /// Sum of `bytes - utf16 units` over the wide characters before this one.
    saved16: u32,
    /// Sum of `bytes - 1` over the wide characters before this one.
    saved_char: u32,
}

impl Wide {
    fn len16(self) -> u32 {
        if self.len == 4 { 2 } else { 1 }
    }
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

/// Bytes the index stops at: line breaks and the lead bytes of non-ASCII characters.
fn is_special(c: u8) -> bool {
    c == b'\n' || c == b'\r' || c >= 0xc0
}

/// Whether any byte of `w` (eight bytes read little-endian) is special: `\n`, `\r`, or has its
/// top bit set (lead and continuation bytes; a false positive only costs a byte-wise look).
fn any_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    (w & HIGH) != 0 || zero_byte(w ^ (ONES * 0x0a)) != 0 || zero_byte(w ^ (ONES * 0x0d)) != 0
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Offsets are kept in u32: index a prefix of longer text.
        let mut cut = text.len().min(u32::MAX as usize - 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let b = &text.as_bytes()[..cut];
        let mut starts = vec![0u32];
        let mut line_wide = vec![0u32];
        let mut crlf = Vec::new();
        let mut wide = Vec::new();
        let (mut saved16, mut saved_char) = (0u32, 0u32);
        let mut i = 0;
        while i < b.len() {
            // Eight bytes at a time over the plain ASCII that makes up most of a flow.
            if let Some(chunk) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if !any_special(u64::from_le_bytes(w)) {
                    i += 8;
                    continue;
                }
            }
            let c = b[i];
            if !is_special(c) {
                i += 1;
                continue;
            }
            match c {
                b'\n' => {
                    crlf.push(false);
                    starts.push(i as u32 + 1);
                    line_wide.push(wide.len() as u32);
                    i += 1;
                }
                b'\r' => {
                    let pair = b.get(i + 1) == Some(&b'\n');
                    crlf.push(pair);
                    i += if pair { 2 } else { 1 };
                    starts.push(i as u32);
                    line_wide.push(wide.len() as u32);
                }
                _ => {
                    let len: u8 = match c {
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    wide.push(Wide {
                        offset: i as u32,
                        len,
                        saved16,
                        saved_char,
                    });
                    saved16 += u32::from(len) - if len == 4 { 2 } else { 1 };
                    saved_char += u32::from(len) - 1;
                    i += usize::from(len);
                }
            }
        }
        LineIndex {
            len: cut as u32,
            starts,
            crlf,
            line_wide,
            wide,
        }
    }

    /// The position of a byte offset. Offsets past the end are clamped to the end; an offset
    /// inside a multi-byte character is moved back to the start of that character. An offset
    /// on a line break is on the line that the break ends.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.len as usize) as u32;
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let first = self.line_wide[line] as usize;
        let in_line = &self.wide[first..self.wide_end(line)];
        // Wide characters of the line before the offset; the last one may contain it.
        let mut k = first + in_line.partition_point(|w| w.offset < offset);
        if k > first {
            let w = self.wide[k - 1];
            if offset < w.offset + u32::from(w.len) {
                offset = w.offset;
                k -= 1;
            }
        }
        let (saved16, saved_char) = self.saved_between(first, k);
        let col = offset - start;
        Position {
            line: line as u32,
            col_utf8: col,
            col_utf16: col - saved16,
            col_char: col - saved_char,
        }
    }

    /// The end (exclusive) in `wide` of the wide characters of `line`.
    fn wide_end(&self, line: usize) -> usize {
        self.line_wide
            .get(line + 1)
            .map_or(self.wide.len(), |&k| k as usize)
    }

    /// UTF-16 units and characters saved by the wide characters `first..end`.
    fn saved_between(&self, first: usize, end: usize) -> (u32, u32) {
        if first >= end {
            return (0, 0);
        }
        let a = self.wide[first];
        let z = self.wide[end - 1];
        let z16 = z.saved16 + u32::from(z.len) - z.len16();
        let z_char = z.saved_char + u32::from(z.len) - 1;
        (z16 - a.saved16, z_char - a.saved_char)
    }

    /// The byte offset of a line and UTF-16 column (as LSP sends them). `None` when the line
    /// does not exist, or the column is past the end of the line (beyond its line break) or
    /// inside a character.
    pub fn offset_utf16(&self, line: u32, col: u32) -> Option<usize> {
        let (start, last) = self.line_bounds(line)?;
        let in_line =
            &self.wide[self.line_wide[line as usize] as usize..self.wide_end(line as usize)];
        let col16_of = |w: &Wide| w.offset - start - (w.saved16 - in_line[0].saved16);
        // The last wide character that starts at or before the column.
        let n = in_line.partition_point(|w| col16_of(w) <= col);
        let offset = match n.checked_sub(1).map(|j| in_line[j]) {
            None => start.checked_add(col)?,
            Some(w) => {
                let at = col16_of(&w);
                if col == at {
                    w.offset
                } else if col < at + w.len16() {
                    return None;
                } else {
                    (w.offset + u32::from(w.len)).checked_add(col - at - w.len16())?
                }
            }
        };
        (offset <= last).then_some(offset as usize)
    }

    /// The byte offset of a line and UTF-8 (byte) column. `None` as for `offset_utf16`.
    pub fn offset_utf8(&self, line: u32, col: u32) -> Option<usize> {
        let (start, last) = self.line_bounds(line)?;
        let offset = start.checked_add(col)?;
        if offset > last {
            return None;
        }
        let in_line =
            &self.wide[self.line_wide[line as usize] as usize..self.wide_end(line as usize)];
        let k = in_line.partition_point(|w| w.offset < offset);
        if k > 0 {
            let w = in_line[k - 1];
            if offset < w.offset + u32::from(w.len) {
                return None;
            }
        }
        Some(offset as usize)
    }

    /// A line's start and its last valid offset: the last byte of its line break (which
    /// `position` can return), or the end of the text for the last line.
    fn line_bounds(&self, line: u32) -> Option<(u32, u32)> {
        let line = line as usize;
        let start = *self.starts.get(line)?;
        let last = match self.starts.get(line + 1) {
            Some(&next) => next - 1,
            None => self.len,
        };
        Some((start, last))
    }

    /// Number of lines: one more than the number of line breaks (an empty last line counts).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte span of a line's content, without its line break.
    pub fn line_span(&self, line: u32) -> Option<Span> {
        let i = line as usize;
        let start = *self.starts.get(i)? as usize;
        let end = match self.starts.get(i + 1) {
            Some(&next) => next as usize - if self.crlf[i] { 2 } else { 1 },
            None => self.len as usize,
        };
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
