//! `parse`: saphyr events to a tree, with error recovery by blanking the offending lines and
//! parsing again.

use std::cell::OnceCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use saphyr_parser::Parser;

use crate::build::{Builder, CharMap, Placeholder, RawNode};
use crate::convert::{Limits, convert, too_deep};
use crate::recover::{
    Diagnosis, ErrorContext, blank, blank_deep_flow, control_message, culprit, diagnose,
    indentation_tab, is_forbidden_char, is_tab_error,
};
use crate::text::{LineStarts, line_start_of};
use crate::{Parsed, Span, SyntaxError, SyntaxErrorKind, comments};

/// Parses after recovery are bounded both in number and in the total bytes read, so a large
/// file full of errors still finishes quickly.
const MAX_ATTEMPTS: usize = 20;
const WORK_BUDGET: usize = 6 << 20;

/// What one run of saphyr over the (possibly blanked) text produced.
struct Attempt {
    arena: Vec<RawNode>,
    root: Option<usize>,
    document_count: usize,
    errors: Vec<SyntaxError>,
    merge_maps: Vec<usize>,
    scalar_spans: Vec<Span>,
    /// saphyr's error: byte offset and message.
    error: Option<(usize, String)>,
    open_flow: Option<usize>,
    last_end: usize,
}

/// Parses `text` (the original, or its blanked copy during recovery) and gives offsets into
/// `original`. They are the same offsets, except that a multi-byte character blanked into
/// spaces has char boundaries inside it in the copy and not in `original`: an offset there is
/// moved back to the start of the character (found by fuzzing: an error reported inside a
/// blanked `é` gave a skipped region that split the character).
fn run(
    text: &str,
    original: &str,
    placeholders: &[Placeholder],
    lines: &OnceCell<LineStarts>,
) -> Attempt {
    let snap = |mut at: usize| {
        while !original.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let chars = CharMap::new(text);
    let mut builder = Builder::new(text, placeholders, lines);
    // saphyr is not expected to panic, but a panic on some odd input must not take down the
    // caller: it is reported as a syntax error where reading stopped.
    let error = catch_unwind(AssertUnwindSafe(|| {
        let mut parser = Parser::new_from_str(text).keep_tags(true);
        loop {
            match parser.next_event() {
                None => return None,
                Some(Ok((ev, span))) => {
                    let start = snap(chars.byte(text, span.start.index()));
                    let end = snap(chars.byte(text, span.end.index())).max(start);
                    builder.event(ev, Span::new(start, end));
                }
                Some(Err(e)) => {
                    let pos = snap(chars.byte(text, e.marker().index()));
                    return Some((pos, e.info().to_string()));
                }
            }
        }
    }))
    .unwrap_or_else(|_| Some((builder.last_end, "the YAML parser failed here".to_string())));
    let open_flow = builder.open_flow_start();
    let last_end = builder.last_end;
    if let Some((pos, _)) = &error {
        builder.close_all(*pos);
    }
    Attempt {
        open_flow,
        last_end,
        arena: builder.arena,
        root: builder.root,
        document_count: builder.document_count,
        errors: builder.errors,
        merge_maps: builder.merge_maps,
        scalar_spans: builder.scalar_spans,
        error,
    }
}

/// Parses YAML text. Never panics, whatever the input.
///
/// Spans (byte offsets into `text`, a leading BOM included) follow `Node::span`, with these
/// details:
/// - An empty node (`key:`, `- `, `? `, `{a: }`) is a `Plain` scalar `""` with an empty span
///   right after its indicator (`:` for a value, `-` for a list item, `?` for a key), even when
///   a comment or line break follows it, or right after its tag/anchor when it has one
///   (`key: !t`). An empty key written without `?` (`: v`) is empty at its `:`. A key written
///   without `:` (`{j}`, or `? k` alone) has an empty value right after the key.
/// - A block scalar spans its `|`/`>` indicator (with indentation/chomping indicators) to its
///   last non-blank character: a header comment is inside the span but is still a comment;
///   trailing blank lines (kept by `|+`) are not in the span.
/// - A collection starts at its `[`/`{`, its first key or its first `-` (after any tag/anchor)
///   and ends at its `]`/`}` or at the end of its last child.
/// - An alias node is a copy of the anchored node whose `span` is the `*name` token,
///   `alias_of` the anchored node's span, `anchor` `None`; the nodes below it keep the anchored
///   nodes' spans.
/// - A mapping with a `<<` merge key also holds, after its own entries, the entries it merges
///   (see `SyntaxErrorKind::MergeKey`); they keep the spans of the merged text, so they can
///   lie outside the mapping's span.
/// - `Invalid` errors cover the character where the parser stopped (the opening quote of an
///   unclosed string, the first tab of a tab-indented line), or are empty at a line break or
///   the end of the text; a bad escape, a control character or a `key:value` colon is
///   pointed at exactly. Other errors cover the offending key, alias, `---` or collection.
///
/// Recovery: after a syntax error the offending line (with the lines indented under it) is
/// replaced by spaces and the text parsed again, at most `MAX_ATTEMPTS` times and
/// `WORK_BUDGET` bytes in all; the tree of the last parse is returned, cut at its error if it
/// still had one. Collections nested deeper than `MAX_DEPTH` become `Error` nodes; flow
/// collections are cut at 255 levels, saphyr's own limit.
pub fn parse(text: &str) -> Parsed {
    // Line starts are only needed for messages about errors.
    let lines: OnceCell<LineStarts> = OnceCell::new();
    // The blanked copy of `text`: same length, same line breaks, so offsets stay valid.
    let mut work: Option<Vec<u8>> = None;
    let mut placeholders: Vec<Placeholder> = Vec::new();
    let mut unknown: Vec<Span> = Vec::new();
    let mut errors: Vec<SyntaxError> = Vec::new();
    let mut limits = Limits {
        alias_reported: false,
        depth_reported: false,
    };
    let mut previous: Option<(usize, String)> = None;
    let mut work_done = 0usize;
    let mut attempts = 0usize;
    loop {
        attempts += 1;
        let current = match &work {
            None => text,
            Some(w) => std::str::from_utf8(w).unwrap_or(text),
        };
        let attempt = run(current, text, &placeholders, &lines);
        let Some((pos, info)) = attempt.error.clone() else {
            return finish(text, attempt, errors, unknown, &mut limits);
        };
        work_done = work_done.saturating_add(pos.max(1));
        let ctx = ErrorContext {
            pos,
            open_flow: attempt.open_flow,
            last_end: attempt.last_end,
        };
        let lines = lines.get_or_init(|| LineStarts::new(text));
        let diagnosis = diagnose(&info, current, &ctx, lines);
        let repeated = previous.as_ref() == Some(&(pos, info.clone()));
        let cascade = repeated
            || unknown
                .iter()
                .any(|u| u.start <= pos && pos < u.end && pos < text.len())
            || errors
                .iter()
                .any(|e| e.kind == SyntaxErrorKind::Invalid && e.span.start == pos);
        match &diagnosis {
            Diagnosis::TooDeep => {}
            Diagnosis::Invalid(message, at) if !cascade => errors.push(SyntaxError {
                kind: SyntaxErrorKind::Invalid,
                span: at.unwrap_or_else(|| error_span(text, pos, &info)),
                message: message.clone(),
            }),
            Diagnosis::Invalid(..) => {}
        }
        if attempts >= MAX_ATTEMPTS || work_done >= WORK_BUDGET {
            unknown.push(Span::new(line_start_of(text.as_bytes(), pos), text.len()));
            return finish(text, attempt, errors, unknown, &mut limits);
        }
        let buf = work.get_or_insert_with(|| text.as_bytes().to_vec());
        let region = match diagnosis {
            Diagnosis::TooDeep => blank_deep_flow(buf, pos).inspect(|&(s, e)| {
                placeholders.push(Placeholder {
                    span: Span::new(s, e),
                });
                if !limits.depth_reported {
                    limits.depth_reported = true;
                    errors.push(too_deep(Span::new(s, e)));
                }
            }),
            Diagnosis::Invalid(..) => {
                let current = std::str::from_utf8(buf).unwrap_or(text);
                let (start, children) = if repeated {
                    // Blanking the line we picked did not get past this error: blank the
                    // error's own line instead.
                    (line_start_of(current.as_bytes(), pos), false)
                } else {
                    culprit(current, &info, &ctx, lines)
                };
                blank(buf, start, children)
                    .or_else(|| blank(buf, line_start_of(text.as_bytes(), pos), false))
            }
        };
        match region {
            Some((s, e)) => unknown.push(Span::new(s, e)),
            None => {
                unknown.push(Span::new(line_start_of(text.as_bytes(), pos), text.len()));
                return finish(text, attempt, errors, unknown, &mut limits);
            }
        }
        previous = Some((pos, info));
    }
}

/// The span reported for a saphyr error: the character at the error, or empty at a line break
/// or the end of the text. A tab error points at the first tab of the line's indentation.
fn error_span(text: &str, pos: usize, info: &str) -> Span {
    let b = text.as_bytes();
    let pos = pos.min(b.len());
    if is_tab_error(info)
        && let Some(t) = indentation_tab(b, pos)
    {
        return Span::new(t, t + 1);
    }
    match text[pos..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span::new(pos, pos + c.len_utf8()),
        _ => Span::empty(pos),
    }
}

/// At most this many errors for characters YAML does not allow: a binary file is one mistake.
const MAX_CHAR_ERRORS: usize = 20;

/// Bytes that can start a character YAML does not allow: C0 controls but tab and line breaks,
/// DEL, and the lead bytes of C1 controls (`0xC2`) and of U+FFFE/U+FFFF (`0xEF`).
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = (c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d)
            || c == 0x7f
            || c == 0xc2
            || c == 0xef;
        c += 1;
    }
    table
};

/// Reports the characters YAML does not allow anywhere (control characters), which saphyr
/// mostly reads as text, at each such character. A NUL already reported by recovery (saphyr
/// stops there) is not reported twice.
fn forbidden_chars(text: &str, errors: &mut Vec<SyntaxError>) {
    let b = text.as_bytes();
    let mut found = 0;
    let mut i = 0;
    // A table lookup per byte: this runs over every file, so it must cost next to nothing.
    while found < MAX_CHAR_ERRORS
        && let Some(p) = b[i..].iter().position(|&c| SUSPECT[usize::from(c)])
    {
        let at = i + p;
        let Some(ch) = text.get(at..).and_then(|t| t.chars().next()) else {
            break;
        };
        let span = Span::new(at, at + ch.len_utf8());
        i = span.end;
        if !is_forbidden_char(ch) {
            continue;
        }
        found += 1;
        if errors.iter().any(|e| e.span == span) {
            continue;
        }
        errors.push(SyntaxError {
            kind: SyntaxErrorKind::Invalid,
            span,
            message: control_message(ch),
        });
    }
}

fn finish(
    text: &str,
    attempt: Attempt,
    mut errors: Vec<SyntaxError>,
    mut unknown: Vec<Span>,
    limits: &mut Limits,
) -> Parsed {
    errors.extend(attempt.errors);
    forbidden_chars(text, &mut errors);
    let mut arena = attempt.arena;
    let root = attempt
        .root
        .and_then(|r| convert(&mut arena, r, &attempt.merge_maps, limits, &mut errors));
    if let Some((pos, _)) = &attempt.error {
        unknown.push(Span::new(*pos, text.len()));
    }
    let mut scalar_spans = attempt.scalar_spans;
    scalar_spans.sort_by_key(|s| (s.start, s.end));
    let comments = comments::collect(text, &scalar_spans, &unknown);
    errors.sort_by_key(|e| e.span.start);
    unknown.sort_by_key(|s| (s.start, s.end));
    Parsed {
        root,
        document_count: attempt.document_count,
        comments,
        errors,
        skipped: unknown,
    }
}
