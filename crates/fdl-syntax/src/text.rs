//! Small byte-level helpers shared by the parser, recovery and comment collection.

/// YAML white space and line breaks.
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Start offsets of every line, for line numbers in messages (binary search, no rescans).
/// Lines end at `\n`, `\r\n` or a lone `\r`, as in YAML and `LineIndex`.
pub(crate) struct LineStarts {
    starts: Vec<usize>,
}

impl LineStarts {
    pub(crate) fn new(text: &str) -> LineStarts {
        let b = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            text.match_indices(['\n', '\r'])
                .filter(|&(i, _)| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
                .map(|(i, _)| i + 1),
        );
        LineStarts { starts }
    }

    /// 0-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }
}

/// Start of the line containing `at`: just after the last `\n` or lone `\r` before it.
pub(crate) fn line_start_of(b: &[u8], at: usize) -> usize {
    let at = at.min(b.len());
    b[..at]
        .iter()
        .enumerate()
        .rposition(|(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .map_or(0, |i| i + 1)
}

/// End of the line containing `at`: the offset of the `\n` (of a `\n` or `\r\n` break) or
/// lone `\r` that ends it, or the end of the text. So the next line starts one byte later.
pub(crate) fn line_end_of(b: &[u8], at: usize) -> usize {
    let at = at.min(b.len());
    b[at..]
        .iter()
        .enumerate()
        .position(|(i, &c)| c == b'\n' || (c == b'\r' && b.get(at + i + 1) != Some(&b'\n')))
        .map_or(b.len(), |i| at + i)
}

/// The offset of the quote that closes the quoted scalar opening at `open` (a `"` or `'`),
/// looked for before `end`; escapes are skipped (a backslash in double quotes, `''` in single
/// quotes). `None` when it is not closed there.
pub fn closing_quote(b: &[u8], open: usize, end: usize) -> Option<usize> {
    let q = b[open];
    let mut j = open + 1;
    while j < end {
        if q == b'"' && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return Some(j);
        }
        j += 1;
    }
    None
}
