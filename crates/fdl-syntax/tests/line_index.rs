//! `LineIndex`: byte offsets to and from line/column in UTF-8, UTF-16 and characters.

use fdl_syntax::{LineIndex, Position, Span};

fn pos(line: u32, col_utf8: u32, col_utf16: u32, col_char: u32) -> Position {
    Position {
        line,
        col_utf8,
        col_utf16,
        col_char,
    }
}

#[test]
fn ascii_lines() {
    let text = "ab\ncd\n";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 3);
    assert_eq!(idx.position(0), pos(0, 0, 0, 0));
    assert_eq!(idx.position(2), pos(0, 2, 2, 2));
    assert_eq!(idx.position(3), pos(1, 0, 0, 0));
    assert_eq!(idx.position(6), pos(2, 0, 0, 0));
    assert_eq!(idx.line_span(0), Some(Span::new(0, 2)));
    assert_eq!(idx.line_span(2), Some(Span::new(6, 6)));
    assert_eq!(idx.line_span(3), None);
}

#[test]
fn cjk_and_emoji() {
    // 名 and 字 are 3 bytes / 1 UTF-16 unit; 😀 is 4 bytes / 2 UTF-16 units (a surrogate pair).
    let text = "名字: 😀x\nb: 值\n";
    let idx = LineIndex::new(text);
    let x = text.find('x').unwrap();
    assert_eq!(idx.position(x), pos(0, 12, 6, 5));
    let emoji = text.find('😀').unwrap();
    assert_eq!(idx.position(emoji), pos(0, 8, 4, 4));
    let zhi = text.find('值').unwrap();
    assert_eq!(idx.position(zhi), pos(1, 3, 3, 3));
    assert_eq!(idx.position(zhi + 3), pos(1, 6, 4, 4));

    assert_eq!(idx.offset_utf16(0, 6), Some(x));
    assert_eq!(idx.offset_utf16(0, 4), Some(emoji));
    assert_eq!(idx.offset_utf8(0, 12), Some(x));
    assert_eq!(idx.offset_utf16(1, 3), Some(zhi));
    // Inside the surrogate pair, or inside a UTF-8 sequence: no offset.
    assert_eq!(idx.offset_utf16(0, 5), None);
    assert_eq!(idx.offset_utf8(0, 1), None);
    // The line break is the last valid column; past it, or on no such line: none.
    assert_eq!(idx.offset_utf16(0, 7), Some(text.find('\n').unwrap()));
    assert_eq!(idx.offset_utf16(0, 8), None);
    assert_eq!(idx.offset_utf16(7, 0), None);
}

#[test]
fn offsets_inside_characters_round_down_and_past_the_end_clamp() {
    let text = "a名b";
    let idx = LineIndex::new(text);
    assert_eq!(idx.position(2), idx.position(1));
    assert_eq!(idx.position(3), pos(0, 1, 1, 1));
    assert_eq!(idx.position(4), pos(0, 4, 2, 2));
    assert_eq!(idx.position(100), pos(0, 5, 3, 3));
}

#[test]
fn crlf() {
    let text = "a: 1\r\n名: 2\r\n\r\nlast";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 4);
    assert_eq!(idx.line_span(0), Some(Span::new(0, 4)));
    assert_eq!(&text[idx.line_span(1).unwrap().range()], "名: 2");
    assert_eq!(idx.line_span(2), Some(Span::new(14, 14)));
    assert_eq!(&text[idx.line_span(3).unwrap().range()], "last");
    let two = text.find('2').unwrap();
    assert_eq!(idx.position(two), pos(1, 5, 3, 3));
    // The end of a line's content is a valid position, and so are the break's characters.
    assert_eq!(idx.offset_utf16(0, 4), Some(4));
    assert_eq!(idx.offset_utf16(0, 5), Some(5));
    assert_eq!(idx.offset_utf16(0, 6), None);
    assert_eq!(idx.offset_utf16(3, 4), Some(text.len()));
}

#[test]
fn empty_text() {
    let idx = LineIndex::new("");
    assert_eq!(idx.line_count(), 1);
    assert_eq!(idx.position(10), pos(0, 0, 0, 0));
    assert_eq!(idx.line_span(0), Some(Span::new(0, 0)));
    assert_eq!(idx.offset_utf8(0, 0), Some(0));
    assert!(idx.is_empty());
}

#[test]
fn round_trip_every_offset() {
    let text = "k: \"😀名\"\r\n  - 字 # 注\n\u{feff}x\n";
    let idx = LineIndex::new(text);
    for (offset, _) in text.char_indices() {
        let p = idx.position(offset);
        assert_eq!(
            idx.offset_utf16(p.line, p.col_utf16),
            Some(offset),
            "{offset}"
        );
        assert_eq!(
            idx.offset_utf8(p.line, p.col_utf8),
            Some(offset),
            "{offset}"
        );
    }
}

#[test]
fn lone_cr_is_a_line_break() {
    // Old Mac line endings, mixed with `\r\n` and `\n`: each of the three is one break.
    let text = "a: 1\rb: 名\r\nc\n\rd\r";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 6);
    let lines: Vec<&str> = (0..6)
        .map(|l| &text[idx.line_span(l).unwrap().range()])
        .collect();
    assert_eq!(lines, ["a: 1", "b: 名", "c", "", "d", ""]);
    let b = text.find('b').unwrap();
    assert_eq!(idx.position(b), pos(1, 0, 0, 0));
    let d = text.find('d').unwrap();
    assert_eq!(idx.position(d), pos(4, 0, 0, 0));
    assert_eq!(idx.position(text.len()), pos(5, 0, 0, 0));
    // The lone `\r` is the last position of its line.
    assert_eq!(idx.position(4), pos(0, 4, 4, 4));
    assert_eq!(idx.offset_utf16(0, 4), Some(4));
    assert_eq!(idx.offset_utf16(0, 5), None);
    assert_eq!(idx.offset_utf16(1, 4), Some(text.find('\r').unwrap() + 7));
    assert_eq!(idx.offset_utf8(4, 0), Some(d));
    assert_eq!(idx.offset_utf16(3, 0), Some(d - 1));
    assert_eq!(idx.offset_utf16(3, 1), None);
}

/// Line, columns and line spans computed the slow way, one character at a time.
fn reference(text: &str) -> (Vec<Option<Position>>, Vec<Span>) {
    let b = text.as_bytes();
    let mut at = vec![None; text.len() + 1];
    let mut spans = Vec::new();
    let (mut line, mut start) = (0u32, 0usize);
    let (mut c16, mut cch) = (0u32, 0u32);
    let mut content_end = None;
    for (i, ch) in text.char_indices() {
        at[i] = Some(pos(line, (i - start) as u32, c16, cch));
        c16 += ch.len_utf16() as u32;
        cch += 1;
        let ends_line = ch == '\n' || (ch == '\r' && b.get(i + 1) != Some(&b'\n'));
        if ch == '\r' || ch == '\n' {
            content_end.get_or_insert(i);
        }
        if ends_line {
            spans.push(Span::new(start, content_end.take().unwrap_or(i)));
            line += 1;
            start = i + 1;
            (c16, cch) = (0, 0);
        } else if ch != '\r' {
            content_end = None;
        }
    }
    at[text.len()] = Some(pos(line, (text.len() - start) as u32, c16, cch));
    spans.push(Span::new(start, text.len()));
    (at, spans)
}

#[test]
fn agrees_with_a_character_walk_on_mixed_text() {
    // Every combination of the pieces up to length 5: breaks of all three kinds, ASCII, and
    // characters of 2, 3 and 4 bytes.
    let pieces = ["a", "\n", "\r", "\r\n", "é", "名", "😀", " "];
    let mut texts = vec![String::new()];
    let mut longest = vec![String::new()];
    for _ in 0..5 {
        longest = longest
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        texts.extend(longest.iter().cloned());
    }
    // Also a long line, past the 8-byte steps of the scan, with wide characters inside.
    texts.push(format!(
        "{}é{}\r{}😀\n",
        "x".repeat(19),
        "y".repeat(9),
        "z".repeat(30)
    ));
    for text in &texts {
        let idx = LineIndex::new(text);
        let (at, spans) = reference(text);
        assert_eq!(idx.line_count(), spans.len(), "{text:?}");
        for (l, span) in spans.iter().enumerate() {
            assert_eq!(idx.line_span(l as u32), Some(*span), "{text:?} line {l}");
        }
        assert_eq!(idx.line_span(spans.len() as u32), None);
        let mut last = pos(0, 0, 0, 0);
        for (offset, expected) in at.iter().enumerate() {
            let Some(p) = *expected else {
                // Inside a character: the position of its start.
                assert_eq!(idx.position(offset), last, "{text:?} at {offset}");
                assert_eq!(idx.offset_utf8(last.line, last.col_utf8 + 1), None);
                continue;
            };
            last = p;
            assert_eq!(idx.position(offset), p, "{text:?} at {offset}");
            assert_eq!(
                idx.offset_utf8(p.line, p.col_utf8),
                Some(offset),
                "{text:?}"
            );
            assert_eq!(
                idx.offset_utf16(p.line, p.col_utf16),
                Some(offset),
                "{text:?}"
            );
        }
        // One column past each line's last position (its break, or the end) is no offset.
        for l in 0..spans.len() as u32 {
            let end = at.iter().flatten().rfind(|p| p.line == l).unwrap();
            assert_eq!(idx.offset_utf8(l, end.col_utf8 + 1), None, "{text:?}");
            assert_eq!(idx.offset_utf16(l, end.col_utf16 + 1), None, "{text:?}");
        }
    }
}
