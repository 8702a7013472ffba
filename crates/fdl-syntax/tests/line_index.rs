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
