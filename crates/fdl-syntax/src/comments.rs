//! Collects `#` comments from the original text, skipping `#` that lie inside scalars.

use crate::{Comment, Span};

/// `scalars`: spans of every scalar, sorted by start and not overlapping. `unknown`: regions
/// the parser could not read (blanked by recovery, or after a final error); only own-line
/// comments are trusted there, since a `#` in them may belong to a broken quoted string.
pub(crate) fn collect(text: &str, scalars: &[Span], unknown: &[Span]) -> Vec<Comment> {
    let b = text.as_bytes();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut comments = Vec::new();
    let mut si = 0;
    let mut line_start = 0;
    while line_start <= b.len() {
        // Lines end at `\n`, `\r\n` or a lone `\r` (old Mac line endings).
        let content_end = b[line_start..]
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .map_or(b.len(), |i| line_start + i);
        let line_end = if b[content_end..].starts_with(b"\r\n") {
            content_end + 1
        } else {
            content_end
        };
        let first = if line_start == 0 { bom } else { line_start };
        for i in first..content_end {
            if b[i] != b'#' || !(i == first || matches!(b[i - 1], b' ' | b'\t')) {
                continue;
            }
            while si < scalars.len() && scalars[si].end <= i {
                si += 1;
            }
            if si < scalars.len() && scalars[si].start <= i {
                continue;
            }
            let own_line = b[first..i].iter().all(|&c| c == b' ' || c == b'\t');
            let in_unknown = unknown.iter().any(|u| u.start <= i && i < u.end);
            if !in_unknown || own_line {
                comments.push(Comment {
                    span: Span::new(i, content_end),
                    text: text[i + 1..content_end].to_string(),
                    own_line,
                });
            }
            break;
        }
        line_start = line_end + 1;
    }
    comments
}
