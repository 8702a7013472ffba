//! Error recovery helpers: plain-language messages for saphyr's errors, and the choice of the
//! lines to blank out so the next parse can get past an error.

use crate::Span;
use crate::source_map::invalid_escape;
use crate::text::{LineStarts, closing_quote, is_ws, line_end_of, line_start_of};

/// What the parser knew when it stopped.
pub(crate) struct ErrorContext {
    /// Byte offset saphyr reported.
    pub pos: usize,
    /// Start of the innermost flow collection still open.
    pub open_flow: Option<usize>,
    /// End of the last event read before the error.
    pub last_end: usize,
}

/// How saphyr's error should be reported.
pub(crate) enum Diagnosis {
    /// An ordinary syntax error, with a plain-language message, and where to point when that
    /// is not where the parser stopped (the bracket that is never closed, the bad escape).
    Invalid(String, Option<Span>),
    /// saphyr's flow nesting limit: becomes `TooDeep`.
    TooDeep,
}

pub(crate) fn diagnose(
    info: &str,
    text: &str,
    ctx: &ErrorContext,
    lines: &LineStarts,
) -> Diagnosis {
    let b = text.as_bytes();
    let pos = ctx.pos.min(b.len());
    let here = text[pos..].chars().next();
    let unclosed_flow = unclosed_flow(text, ctx, lines);
    let quote = |c: Option<char>| match c {
        Some('\'') => '\'',
        _ => '"',
    };
    if let Some(at) = control_cause(b, pos, info) {
        let c = text[at..].chars().next().unwrap_or('\0');
        return Diagnosis::Invalid(control_message(c), Some(Span::new(at, at + c.len_utf8())));
    }
    // Where to point when it is not where saphyr stopped.
    let mut at = None;
    let message = match info {
        "recursion limit exceeded" => return Diagnosis::TooDeep,
        _ if is_tab_error(info) => {
            "tab characters are not allowed for indentation in YAML; use spaces".to_string()
        }
        "mapping values are not allowed in this context" => {
            "unexpected `:` here: a plain value cannot contain `: `; quote the value, or check \
             the indentation of this line"
                .to_string()
        }
        "invalid indentation in quoted scalar"
        | "while scanning a quoted scalar, found unexpected end of stream"
        | "while scanning a quoted scalar, found unexpected document indicator" => {
            let q = quote(here);
            format!("this quoted string is never closed: add the missing closing `{q}`")
        }
        "invalid trailing content after double-quoted scalar" => {
            let opened = quoted_start_before(text, pos);
            if opened.is_some_and(|o| b[o] == b'\'') {
                "unexpected text after the closing quote: quote the whole value (inside single \
                 quotes, write `''` for one `'`)"
                    .to_string()
            } else {
                "unexpected text after the closing quote: quote the whole value (inside double \
                 quotes, write `\\\"` for one `\"`)"
                    .to_string()
            }
        }
        "while parsing node, found unknown anchor" => {
            let name = anchor_name(b, pos + 1);
            format!("`*{name}` refers to an anchor `&{name}` that is not defined before it")
        }
        "while parsing a block mapping, did not find expected key" => {
            "bad indentation: this line does not line up with the keys of the mapping it \
             belongs to"
                .to_string()
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            "bad indentation: expected a `- ` list item at this indentation".to_string()
        }
        "invalid indentation"
        | "invalid indentation in flow construct"
        | "invalid indentation for anchor" => {
            "bad indentation: this line is indented less than the value it belongs to".to_string()
        }
        "wrongly indented line in block scalar" => {
            "bad indentation: this line of the `|`/`>` text is indented less than its first line"
                .to_string()
        }
        "simple key expect ':'" | "simple key expected"
            if b.get(pos) == Some(&b':') && pos - line_start_of(b, pos) > 1024 =>
        {
            format!(
                "this key is {} characters long, but YAML allows at most 1024 characters in a \
                 key written without `? `",
                text[line_start_of(b, pos)..pos]
                    .trim_start()
                    .trim_start_matches("- ")
                    .chars()
                    .count()
            )
        }
        "simple key expect ':'" | "simple key expected" => {
            let prev = previous_content_line(b, pos, lines);
            if let Some(m) = missing_space_after_colon(b, lines.line_start(prev)) {
                return Diagnosis::Invalid(
                    format!(
                        "`:` must be followed by a space to separate the key from its value: \
                         write `{}: {}`",
                        m.key, m.value
                    ),
                    Some(Span::new(m.colon, m.colon + 1)),
                );
            }
            format!(
                "expected `:` after the key on line {}: each line of a mapping must be a \
                 `key: value` entry",
                prev + 1
            )
        }
        "while parsing a flow sequence, expected ',' or ']'" => "expected `,` or `]` in this \
             `[...]` list"
            .to_string(),
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            "expected `,` or `}` in this `{...}` mapping".to_string()
        }
        "while parsing a node, did not find expected node content" => {
            "expected a value here".to_string()
        }
        "did not find expected <document start>" | "invalid content after document end marker" => {
            "unexpected content after the end of the YAML document".to_string()
        }
        "block sequence entries are not allowed in this context" => {
            "a `- ` list item is not allowed here: check the indentation, or quote a value that \
             starts with `-`"
                .to_string()
        }
        "mapping keys are not allowed in this context" => {
            "a `?` key is not allowed here".to_string()
        }
        "while parsing a quoted scalar, found unknown escape character"
        | "while parsing a quoted scalar, did not find expected hexadecimal number"
        | "while parsing a quoted scalar, found invalid Unicode character escape code" => {
            // saphyr points at the opening quote: find the escape itself.
            at = invalid_escape(b, pos);
            "invalid escape sequence in a double-quoted string: write `\\\\` for a backslash, or \
             use single quotes"
                .to_string()
        }
        "comment intercepting the multiline text" => {
            "a comment cannot interrupt a value that continues on the next line".to_string()
        }
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            "`&` and `*` must be followed by an anchor name; quote the value if they are meant \
             literally"
                .to_string()
        }
        "':' must be followed by a valid YAML whitespace" => {
            "`:` must be followed by a space here".to_string()
        }
        "'-' must be followed by a valid YAML whitespace" => {
            "`-` must be followed by a space to start a list item".to_string()
        }
        "illegal placement of ':' indicator" => {
            "unexpected `:` here: a key must be on the same line as its `:`".to_string()
        }
        _ if info.starts_with("unexpected character") => match here {
            Some(c) => format!(
                "a plain value cannot start with '{c}' (it is reserved in YAML); quote the value"
            ),
            None => format!("invalid YAML: {info}"),
        },
        _ => format!("invalid YAML: {info}"),
    };
    let runaway_quote = unclosed_quote_between(b, ctx.last_end.min(pos), pos)
        .filter(|&q| lines.line_of(q) < lines.line_of(pos));
    let message = match runaway_quote {
        Some(q) => format!(
            "{message} (the quoted string opened on line {} is not closed on that line)",
            lines.line_of(q) + 1
        ),
        None => message,
    };
    match unclosed_flow {
        Some(open) => {
            let (bracket, close) = if b[open] == b'{' {
                ("{", "}")
            } else {
                ("[", "]")
            };
            Diagnosis::Invalid(
                format!("this `{bracket}` is never closed: add the missing `{close}`"),
                Some(Span::new(open, open + 1)),
            )
        }
        None => Diagnosis::Invalid(message, at),
    }
}

/// The open flow collection that an error most likely comes from: one that started on an
/// earlier line than the error, when the error's line is not indented past that line (so it
/// cannot be a continuation of the collection), or the error is at the end of the text.
fn unclosed_flow(text: &str, ctx: &ErrorContext, lines: &LineStarts) -> Option<usize> {
    let open = ctx.open_flow?;
    let b = text.as_bytes();
    let pos = ctx.pos.min(b.len());
    let at_eof = b[pos..].iter().all(|&c| is_ws(c));
    let open_line = lines.line_of(open);
    if at_eof {
        return Some(open);
    }
    if lines.line_of(pos) <= open_line {
        return None;
    }
    let indent_open = indent(b, lines.line_start(open_line));
    let indent_err = indent(b, line_start_of(b, pos));
    (indent_err <= indent_open).then_some(open)
}

/// Chooses where to blank: returns the start of the first line to blank and whether the
/// lines below it that are indented further (its children) go too.
pub(crate) fn culprit(
    text: &str,
    info: &str,
    ctx: &ErrorContext,
    lines: &LineStarts,
) -> (usize, bool) {
    let b = text.as_bytes();
    let pos = ctx.pos.min(b.len());
    if let Some(at) = control_cause(b, pos, info) {
        return (line_start_of(b, at), false);
    }
    let tab = is_tab_error(info);
    let children = !tab;
    if tab && let Some(tab) = indentation_tab(b, pos) {
        return (line_start_of(b, tab), false);
    }
    // Errors inside a quoted string are reported at its opening quote.
    if matches!(b.get(pos), Some(b'"' | b'\'')) {
        return (line_start_of(b, pos), children);
    }
    if let Some(open) = unclosed_flow(text, ctx, lines) {
        return (line_start_of(b, open), true);
    }
    if let Some(q) = unclosed_quote_between(b, ctx.last_end.min(pos), pos)
        && lines.line_of(q) < lines.line_of(pos)
    {
        return (line_start_of(b, q), true);
    }
    if matches!(info, "simple key expect ':'" | "simple key expected") {
        let start = lines.line_start(previous_content_line(b, pos, lines));
        // `key:value`: only that line is wrong; the lines under it are not its children.
        let children = missing_space_after_colon(b, start).is_none();
        return (start, children);
    }
    let start = line_start_of(b, pos);
    let line_blank = b[start..line_end_of(b, pos)].iter().all(|&c| is_ws(c));
    if line_blank {
        let line = previous_content_line(b, pos, lines);
        return (lines.line_start(line), children);
    }
    (start, children)
}

/// saphyr's errors about tabs ("tab cannot be used as indentation", "found a tab", ...). Words
/// are matched, not substrings: "unprintable" is not about tabs.
pub(crate) fn is_tab_error(info: &str) -> bool {
    info.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("tab") || w.eq_ignore_ascii_case("tabs"))
}

/// The NUL character that an error is really about. saphyr reads a NUL as the end of the
/// text: it reports "found unprintable character" there, or an error about the end of the
/// stream (an unclosed quote or bracket) or at the NUL itself.
fn control_cause(b: &[u8], pos: usize, info: &str) -> Option<usize> {
    let nul = b[pos.min(b.len())..].iter().position(|&c| c == 0)? + pos;
    (nul == pos || info == "found unprintable character" || info.contains("end of stream"))
        .then_some(nul)
}

pub(crate) fn control_message(c: char) -> String {
    format!(
        "this control character (U+{:04X}) is not allowed in YAML text; remove it or write it \
         as an escape in a double-quoted string",
        c as u32
    )
}

/// A character YAML 1.2 does not allow anywhere in the text (outside the printable set):
/// C0 controls but tab and line breaks, DEL, C1 controls but NEL, U+FFFE and U+FFFF.
pub(crate) fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f'..='\u{84}'
        | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// A line `key:value` whose colon lacks the space after it: what a reader meant as a
/// `key: value` entry, which YAML reads as one plain scalar.
pub(crate) struct MissingSpace {
    pub colon: usize,
    pub key: String,
    pub value: String,
}

/// Recognises `key:value` as the whole content of the line at `start` (a trailing comment
/// aside): a plain key without white space, a `:`, then a value not separated from it.
pub(crate) fn missing_space_after_colon(b: &[u8], start: usize) -> Option<MissingSpace> {
    let end = line_end_of(b, start);
    let line = &b[start..end];
    let indent = line.iter().take_while(|&&c| c == b' ').count();
    let content = &line[indent..];
    // A trailing comment starts at a `#` after white space.
    let content_end = (1..content.len())
        .find(|&i| content[i] == b'#' && is_ws(content[i - 1]))
        .unwrap_or(content.len());
    let mut content = &content[..content_end];
    while let Some((&last, rest)) = content.split_last() {
        if !is_ws(last) {
            break;
        }
        content = rest;
    }
    let first = *content.first()?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        return None;
    }
    let colon = content.iter().position(|&c| c == b':')?;
    let key = &content[..colon];
    let value = &content[colon + 1..];
    let separated = |w: &[u8]| w[0] == b':' && is_ws(w[1]);
    if key.iter().any(|&c| is_ws(c))
        || value.first().is_none_or(|&c| is_ws(c))
        || value.last() == Some(&b':')
        || value.windows(2).any(separated)
    {
        return None;
    }
    Some(MissingSpace {
        colon: start + indent + colon,
        key: String::from_utf8_lossy(key).into_owned(),
        value: String::from_utf8_lossy(value).into_owned(),
    })
}

/// Replaces the line at `start` (and its children when asked) with spaces, keeping line breaks
/// so every byte offset stays valid. Returns the blanked range, or `None` when there was
/// nothing left to blank.
pub(crate) fn blank(work: &mut [u8], start: usize, children: bool) -> Option<(usize, usize)> {
    let first_end = line_end_of(work, start);
    let base_indent = indent(work, start);
    let has_tab = work[start..first_end]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .any(|&c| c == b'\t');
    let mut end = first_end;
    if has_tab {
        // A block indented with tabs is one mistake: take its following tab-indented lines
        // too rather than report each of them.
        let mut next = first_end;
        while next + 1 < work.len() {
            let line_start = next + 1;
            let line_end = line_end_of(work, line_start);
            let line = &work[line_start..line_end];
            let lead = line.iter().take_while(|&&c| c == b' ' || c == b'\t');
            if line.iter().all(|&c| is_ws(c)) {
                next = line_end;
                continue;
            }
            if !lead.clone().any(|&c| c == b'\t') {
                break;
            }
            end = line_end;
            next = line_end;
        }
    } else if children {
        let mut next = first_end;
        while next < work.len() {
            let line_start = next + 1;
            if line_start >= work.len() {
                break;
            }
            let line_end = line_end_of(work, line_start);
            let line = &work[line_start..line_end];
            let blank = line.iter().all(|&c| is_ws(c));
            if !blank && indent(work, line_start) <= base_indent {
                break;
            }
            if !blank {
                end = line_end;
            }
            next = line_end;
        }
    }
    let mut changed = false;
    for c in &mut work[start..end] {
        if *c != b'\n' && *c != b'\r' && *c != b' ' {
            *c = b' ';
            changed = true;
        }
    }
    changed.then_some((start, end))
}

/// Replaces a flow collection that is nested too deeply, from its opening bracket at `open` to
/// the matching close (or the end of the text), with a `~` and spaces. Returns the region.
pub(crate) fn blank_deep_flow(work: &mut [u8], open: usize) -> Option<(usize, usize)> {
    if !matches!(work.get(open), Some(b'[' | b'{')) {
        return None;
    }
    let mut depth = 0usize;
    let mut i = open;
    let mut end = work.len();
    while i < work.len() {
        match work[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    end = i + 1;
                    break;
                }
            }
            q @ (b'"' | b'\'')
                if i == 0 || matches!(work[i - 1], b' ' | b'[' | b'{' | b',' | b'\n') =>
            {
                i += 1;
                while i < work.len() && work[i] != q {
                    if q == b'"' && work[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    work[open] = b'~';
    for c in &mut work[open + 1..end] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
    Some((open, end))
}

/// Columns of leading spaces and tabs of the line starting at `start`.
fn indent(b: &[u8], start: usize) -> usize {
    b[start.min(b.len())..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

/// The last line before the line of `pos` that holds something other than white space and
/// comments (or the line of `pos` when there is none).
fn previous_content_line(b: &[u8], pos: usize, lines: &LineStarts) -> usize {
    let mut line = lines.line_of(pos);
    while line > 0 {
        line -= 1;
        let start = lines.line_start(line);
        let end = line_end_of(b, start);
        let content = b[start..end].iter().find(|&&c| !is_ws(c));
        if content.is_some_and(|&c| c != b'#') {
            return line;
        }
    }
    lines.line_of(pos)
}

/// The opening quote of a quoted scalar that starts in `from..to` and is not closed on its own
/// line. Comments are skipped.
fn unclosed_quote_between(b: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut i = from;
    while i < to.min(b.len()) {
        let c = b[i];
        let token_start = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b',');
        if c == b'#' && (i == 0 || is_ws(b[i - 1])) {
            i = line_end_of(b, i);
            continue;
        }
        if (c == b'"' || c == b'\'') && token_start {
            let end = line_end_of(b, i);
            match closing_quote(b, i, end) {
                Some(close) => i = close + 1,
                None => return Some(i),
            }
            continue;
        }
        i += 1;
    }
    None
}

/// The opening quote of the quoted scalar that ends just before `pos` on the same line, if any.
fn quoted_start_before(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    let start = line_start_of(b, pos);
    let mut i = start;
    let mut last = None;
    while i < pos {
        let c = b[i];
        let token_start = i == start || matches!(b[i - 1], b' ' | b'\t' | b'[' | b'{' | b',');
        if (c == b'"' || c == b'\'') && token_start {
            last = Some(i);
            match closing_quote(b, i, pos) {
                Some(close) => i = close + 1,
                None => return last,
            }
            continue;
        }
        i += 1;
    }
    last
}

fn anchor_name(b: &[u8], from: usize) -> String {
    let from = from.min(b.len());
    let end = b[from..]
        .iter()
        .position(|&c| is_ws(c) || matches!(c, b',' | b'[' | b']' | b'{' | b'}'))
        .map_or(b.len(), |i| from + i);
    String::from_utf8_lossy(&b[from..end]).into_owned()
}

/// The first tab in the indentation of the line of `pos` or of a line after it. saphyr reports
/// a tab that breaks a multi-line plain value at the start of the value.
pub(crate) fn indentation_tab(b: &[u8], pos: usize) -> Option<usize> {
    let mut start = line_start_of(b, pos);
    while start < b.len() {
        let lead = b[start..].iter().take_while(|&&c| c == b' ' || c == b'\t');
        if let Some(t) = lead.clone().position(|&c| c == b'\t') {
            return Some(start + t);
        }
        start = line_end_of(b, start) + 1;
    }
    None
}
