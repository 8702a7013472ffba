//! Traces each character of a scalar's decoded value back to the source bytes that produced
//! it, through escapes, doubled quotes, line folding and block scalar indentation.
//!
//! The source is decoded again here, and every character produced is checked against the
//! value the parser decoded: any difference (a rule this walk does not know, odd input) makes
//! the whole walk fail, so callers fall back to the whole scalar instead of pointing at the
//! wrong character.

use crate::{ScalarStyle, Span};

/// The source of each decoded character: `(byte offset in the value, source span)`, in order.
/// A character produced by folding a line break (a space, or a line feed for an empty line)
/// maps to that line break.
pub(crate) type Pieces = Vec<(usize, Span)>;

/// Maps every character of `value`, decoded from the scalar written at `span` of `text` in
/// `style`. `None` when the source cannot be matched with the value.
pub(crate) fn trace(text: &str, span: Span, style: ScalarStyle, value: &str) -> Option<Pieces> {
    let b = text.as_bytes();
    if span.end > b.len() || span.start > span.end {
        return None;
    }
    let mut walk = Walk {
        text,
        value,
        at: 0,
        pieces: Vec::with_capacity(value.len()),
    };
    match style {
        ScalarStyle::Plain => walk.flow(span.start, span.end, style)?,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let quote = if style == ScalarStyle::SingleQuoted {
                b'\''
            } else {
                b'"'
            };
            if span.len() < 2 || b[span.start] != quote || b[span.end - 1] != quote {
                return None;
            }
            walk.flow(span.start + 1, span.end - 1, style)?;
        }
        ScalarStyle::Literal | ScalarStyle::Folded => return block(text, span, style, value),
    }
    walk.finish()
}

/// Decodes the escape sequence starting at the backslash `b[i]` of a double-quoted scalar:
/// the character and the length of the escape. `None` for an escape YAML 1.2 does not define
/// (and for an escaped line break, which produces no character).
pub(crate) fn decode_escape(b: &[u8], i: usize) -> Option<(char, usize)> {
    let c = *b.get(i + 1)?;
    let simple = match c {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' | b'u' | b'U' => {
            let digits = match c {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = b.get(i + 2..i + 2 + digits)?;
            let hex = std::str::from_utf8(hex).ok()?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            let code = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(code).map(|ch| (ch, 2 + digits));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// The first escape sequence of the double-quoted scalar opened at `open` that YAML 1.2 does
/// not define, up to the closing quote.
pub(crate) fn invalid_escape(b: &[u8], open: usize) -> Option<Span> {
    if b.get(open) != Some(&b'"') {
        return None;
    }
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'"' => return None,
            b'\\' if b.get(i + 1).is_some_and(|&c| c == b'\n' || c == b'\r') => i += 2,
            b'\\' => match decode_escape(b, i) {
                Some((_, len)) => i += len,
                None => {
                    // Cover what was meant as the escape: the letter and any hex digits.
                    let mut end = (i + 2).min(b.len());
                    if matches!(b.get(i + 1), Some(b'x' | b'u' | b'U')) {
                        while end < b.len() && end < i + 10 && b[end].is_ascii_hexdigit() {
                            end += 1;
                        }
                    }
                    // Never end inside a multi-byte character.
                    while end < b.len() && (b[end] & 0xC0) == 0x80 {
                        end += 1;
                    }
                    return Some(Span::new(i, end));
                }
            },
            _ => i += 1,
        }
    }
    None
}

fn is_break(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

/// The line break at `i` (`\r\n` counts as one) and the offset after it.
fn line_break(b: &[u8], i: usize) -> (Span, usize) {
    let end = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    };
    (Span::new(i, end), end)
}

struct Walk<'a> {
    text: &'a str,
    value: &'a str,
    /// Byte offset in `value` of the next character to produce.
    at: usize,
    pieces: Pieces,
}

impl Walk<'_> {
    /// Records that `src` produced `c`, which must be the next character of the value.
    fn emit(&mut self, c: char, src: Span) -> Option<()> {
        let next = self.value.get(self.at..)?.chars().next()?;
        if next != c {
            return None;
        }
        self.pieces.push((self.at, src));
        self.at += c.len_utf8();
        Some(())
    }

    /// Emits the source character at `i` as itself; returns the offset after it.
    fn emit_char(&mut self, i: usize) -> Option<usize> {
        let c = self.text.get(i..)?.chars().next()?;
        let end = i + c.len_utf8();
        self.emit(c, Span::new(i, end))?;
        Some(end)
    }

    fn finish(self) -> Option<Pieces> {
        (self.at == self.value.len()).then_some(self.pieces)
    }

    /// The content of a plain or quoted scalar, `start..end` (inside the quotes).
    fn flow(&mut self, start: usize, end: usize, style: ScalarStyle) -> Option<()> {
        let b = self.text.as_bytes();
        let mut i = start;
        while i < end {
            match b[i] {
                b' ' | b'\t' => {
                    let mut j = i;
                    while j < end && matches!(b[j], b' ' | b'\t') {
                        j += 1;
                    }
                    // White space at the end of a line is not content.
                    if j < end && is_break(b[j]) {
                        i = j;
                        continue;
                    }
                    while i < j {
                        i = self.emit_char(i)?;
                    }
                }
                b'\n' | b'\r' => i = self.fold(i, end, false)?,
                b'\\' if style == ScalarStyle::DoubleQuoted => {
                    if i + 1 < end && is_break(b[i + 1]) {
                        i = self.fold(i + 1, end, true)?;
                    } else {
                        let (c, len) = decode_escape(b, i)?;
                        if i + len > end {
                            return None;
                        }
                        self.emit(c, Span::new(i, i + len))?;
                        i += len;
                    }
                }
                b'\'' if style == ScalarStyle::SingleQuoted => {
                    if b.get(i + 1) != Some(&b'\'') || i + 2 > end {
                        return None;
                    }
                    self.emit('\'', Span::new(i, i + 2))?;
                    i += 2;
                }
                _ => i = self.emit_char(i)?,
            }
        }
        Some(())
    }

    /// Folds the line break at `i` of a flow scalar with the empty lines after it and the
    /// indentation of the next line: a lone break becomes a space; otherwise each empty line
    /// gives a line feed. After an escaped break (`escaped`) the break itself gives nothing.
    /// Returns the offset of the next line's content.
    fn fold(&mut self, i: usize, end: usize, escaped: bool) -> Option<usize> {
        let b = self.text.as_bytes();
        let (first, mut i) = line_break(b, i);
        let mut empties = Vec::new();
        loop {
            while i < end && matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
            if i < end && is_break(b[i]) {
                let (brk, next) = line_break(b, i);
                empties.push(brk);
                i = next;
            } else {
                break;
            }
        }
        if empties.is_empty() && !escaped {
            self.emit(' ', first)?;
        }
        for brk in empties {
            self.emit('\n', brk)?;
        }
        Some(i)
    }
}

/// One line of a block scalar's body.
struct Line {
    /// Offset of the line's first byte.
    start: usize,
    /// Offset of the line's end (its break, or the end of the text).
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// Only spaces and tabs.
    blank: bool,
    brk: Option<Span>,
}

/// Block scalars: the header, then the lines indented at least as much as the first one
/// (or as the explicit indentation indicator says).
fn block(text: &str, span: Span, style: ScalarStyle, value: &str) -> Option<Pieces> {
    let b = text.as_bytes();
    if !matches!(b.get(span.start), Some(b'|' | b'>')) {
        return None;
    }
    let mut chomp = b'\0';
    let mut explicit = false;
    let mut i = span.start + 1;
    while i < b.len() && i < span.start + 3 {
        match b[i] {
            c @ (b'+' | b'-') => chomp = c,
            b'1'..=b'9' => explicit = true,
            _ => break,
        }
        i += 1;
    }
    // The rest of the header line is white space and perhaps a comment.
    while i < b.len() && !is_break(b[i]) {
        i += 1;
    }
    if i >= b.len() {
        return None;
    }
    let (_, body) = line_break(b, i);
    let mut lines = Vec::new();
    let mut at = body;
    while at < b.len() {
        let mut end = at;
        while end < b.len() && !is_break(b[end]) {
            end += 1;
        }
        let line = &b[at..end];
        let indent = line.iter().take_while(|&&c| c == b' ').count();
        let blank = line.iter().all(|&c| c == b' ' || c == b'\t');
        // The scalar's last content character is its span's end: nothing after it but
        // blank lines belongs to it.
        if !blank && at >= span.end {
            break;
        }
        let (brk, next) = if end < b.len() {
            let (brk, next) = line_break(b, end);
            (Some(brk), next)
        } else {
            (None, end)
        };
        lines.push(Line {
            start: at,
            end,
            indent,
            blank,
            brk,
        });
        at = next;
    }
    let auto = lines.iter().find(|l| !l.blank)?.indent;
    // An indentation indicator counts from the parent's indentation, which is not known
    // here: try each indentation up to the first line's.
    let tries = if explicit { auto } else { 1 };
    (0..tries).find_map(|k| {
        let mut walk = Walk {
            text,
            value,
            at: 0,
            pieces: Vec::with_capacity(value.len()),
        };
        block_body(&mut walk, &lines, auto - k, span.end, style, chomp)?;
        walk.finish()
    })
}

fn block_body(
    walk: &mut Walk<'_>,
    lines: &[Line],
    indent: usize,
    span_end: usize,
    style: ScalarStyle,
    chomp: u8,
) -> Option<()> {
    let b = walk.text.as_bytes();
    // A text line: not blank, or blank with more spaces than the indentation inside the
    // scalar (those spaces are content).
    let is_text = |l: &Line| !l.blank || (l.indent > indent && l.start < span_end);
    let Some(last) = lines.iter().rposition(is_text) else {
        // No content: only `|+` keeps the line breaks.
        if chomp == b'+' {
            for l in lines {
                walk.emit('\n', l.brk?)?;
            }
        }
        return Some(());
    };
    if lines[..last].iter().any(|l| !l.blank && l.indent < indent) {
        return None;
    }
    // More-indented lines of a folded scalar keep their line breaks.
    let spaced = |l: &Line| {
        b.get(l.start + indent)
            .is_some_and(|&c| c == b' ' || c == b'\t')
    };
    let mut previous: Option<&Line> = None;
    let mut empties: Vec<Span> = Vec::new();
    for line in &lines[..=last] {
        if !is_text(line) {
            empties.push(line.brk?);
            continue;
        }
        match previous {
            None => {
                for brk in empties.drain(..) {
                    walk.emit('\n', brk)?;
                }
            }
            Some(prev) => {
                let prev_brk = prev.brk?;
                let folds = style == ScalarStyle::Folded && !spaced(prev) && !spaced(line);
                if folds && empties.is_empty() {
                    walk.emit(' ', prev_brk)?;
                } else if !folds {
                    walk.emit('\n', prev_brk)?;
                }
                for brk in empties.drain(..) {
                    walk.emit('\n', brk)?;
                }
            }
        }
        let mut i = (line.start + indent).min(line.end);
        while i < line.end {
            i = walk.emit_char(i)?;
        }
        previous = Some(line);
    }
    // Chomping: `-` drops the final line break, the default keeps it, `+` keeps the blank
    // lines after it too.
    let last_line = &lines[last];
    if chomp != b'-'
        && let Some(brk) = last_line.brk
    {
        walk.emit('\n', brk)?;
    }
    if chomp == b'+' {
        for l in &lines[last + 1..] {
            walk.emit('\n', l.brk?)?;
        }
    }
    Some(())
}
