//! A lenient reading of block-style YAML from its lines alone: indentation, `- ` indicators
//! and `key:` heads. Completion uses it because the line being typed is usually the one the
//! parser could not read: the place of the cursor (which mapping, which key) comes from the
//! text around it, the way a reader sees it.

use fdl_syntax::{Node, NodeKind, Span, closing_quote};

use crate::lines::Lines;

/// The structure of one line: `- ` indicators, then a body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Shape {
    /// Columns (bytes from the line start) of the `- ` indicators, left to right.
    pub dashes: Vec<usize>,
    /// Column where the body starts (after indentation and indicators).
    pub body_col: usize,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    /// Nothing, or only a comment.
    Empty,
    /// `key: value`, the value possibly empty. Columns are bytes from the line start.
    Key {
        name: String,
        name_end: usize,
        colon: usize,
        value_col: usize,
        value_end: usize,
    },
    /// Anything else: a scalar, a partly typed key, a flow collection.
    Text { end: usize },
}

impl Shape {
    /// The column of the first thing on the line, if any.
    pub fn first_col(&self) -> Option<usize> {
        match (self.dashes.first(), &self.body) {
            (Some(&d), _) => Some(d),
            (None, Body::Empty) => None,
            (None, _) => Some(self.body_col),
        }
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Reads the structure of a line's content.
pub(crate) fn shape(content: &str) -> Shape {
    let b = content.as_bytes();
    let mut i = 0;
    while i < b.len() && is_blank(b[i]) {
        i += 1;
    }
    let mut dashes = Vec::new();
    while i < b.len() && b[i] == b'-' && (i + 1 == b.len() || is_blank(b[i + 1])) {
        dashes.push(i);
        i += 1;
        while i < b.len() && is_blank(b[i]) {
            i += 1;
        }
    }
    let body_col = i;
    if i == b.len() || b[i] == b'#' {
        return Shape {
            dashes,
            body_col,
            body: Body::Empty,
        };
    }
    let body = match key_at(content, i) {
        Some((name, name_end, colon)) => {
            let mut v = colon + 1;
            while v < b.len() && is_blank(b[v]) {
                v += 1;
            }
            Body::Key {
                name,
                name_end,
                colon,
                value_col: v,
                value_end: scalar_end(content, v),
            }
        }
        None => Body::Text {
            end: scalar_end(content, i),
        },
    };
    Shape {
        dashes,
        body_col,
        body,
    }
}

/// A `key:` starting at `i`: the key's text, the column after it, and the colon's column.
fn key_at(content: &str, i: usize) -> Option<(String, usize, usize)> {
    let b = content.as_bytes();
    let colon_follows = |j: usize| {
        let mut k = j;
        while k < b.len() && is_blank(b[k]) {
            k += 1;
        }
        (k < b.len() && b[k] == b':' && (k + 1 == b.len() || is_blank(b[k + 1]))).then_some(k)
    };
    match b[i] {
        b'"' | b'\'' => {
            let close = closing_quote(b, i, b.len()).map(|j| j + 1)?;
            let colon = colon_follows(close)?;
            let name = content[i + 1..close - 1].to_string();
            Some((name, close, colon))
        }
        b'[' | b'{' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b',' => None,
        _ => {
            let mut j = i;
            while j < b.len() {
                if b[j] == b':' && (j + 1 == b.len() || is_blank(b[j + 1])) {
                    let name = content[i..j].trim_end();
                    return Some((name.to_string(), i + name.len(), j));
                }
                if b[j] == b'#' && j > i && is_blank(b[j - 1]) {
                    return None;
                }
                j += 1;
            }
            None
        }
    }
}

/// The end of a scalar starting at `i`: after its closing quote, or before a comment or
/// trailing blanks.
fn scalar_end(content: &str, i: usize) -> usize {
    let b = content.as_bytes();
    if i >= b.len() {
        return b.len().max(i.min(b.len()));
    }
    if matches!(b[i], b'"' | b'\'') {
        return closing_quote(b, i, b.len())
            .map(|j| j + 1)
            .unwrap_or(b.len());
    }
    let mut end = b.len();
    for j in i + 1..b.len() {
        if b[j] == b'#' && is_blank(b[j - 1]) {
            end = j;
            break;
        }
    }
    i + content[i..end].trim_end().len()
}

/// The value of `key: value` as written, unquoted (single-line quoted scalars only).
pub(crate) fn unquote(raw: &str) -> String {
    let raw = raw.trim();
    if raw.len() >= 2 {
        if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            return inner.replace("''", "'");
        }
        if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            return inner.replace("\\\"", "\"").replace("\\\\", "\\");
        }
    }
    raw.to_string()
}

/// An enclosing element of the cursor, found by walking up to lines of smaller indentation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Anc {
    /// A `key:` whose value holds the cursor.
    Key {
        name: String,
        line: usize,
        col: usize,
    },
    /// A `- ` list item holding the cursor.
    Item { line: usize, col: usize },
    /// A flow collection (`[` or `{`) opened on the cursor's line, at `offset`.
    Flow { offset: usize, brace: bool },
}

/// What the walk up is inside of.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// A mapping whose keys are at this column.
    Map(usize),
    /// A list whose `- ` indicators are at this column.
    Seq(usize),
}

/// A `key: value` of a mapping, read from its line.
#[derive(Clone, Debug)]
pub(crate) struct EntryText {
    pub key: String,
    pub line: usize,
    pub col: usize,
    /// The value written on the key's line, unquoted; empty when the value starts below.
    pub value: String,
}

/// Where a mapping is, for scanning its entries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum MapAt {
    /// The whole document.
    Root,
    /// The content of the `- ` item at this line and column.
    Item { line: usize, col: usize },
    /// The value of the key at this line and column.
    Value { line: usize, col: usize },
}

/// Spans of multi-line scalars and flow collections: lines that start inside them are content,
/// not structure. Sorted, outermost only.
pub(crate) fn opaque_spans(text: &str, root: Option<&Node>) -> Vec<Span> {
    let mut opaque = Vec::new();
    if let Some(root) = root {
        root.walk(|node| {
            let multi_line = || {
                text.get(node.span.range())
                    .is_some_and(|s| s.contains('\n'))
            };
            let candidate = match &node.kind {
                NodeKind::Scalar(_) => true,
                NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                    matches!(text.as_bytes().get(node.span.start), Some(b'[' | b'{'))
                }
                NodeKind::Error => false,
            };
            if candidate && node.alias_of.is_none() && multi_line() {
                opaque.push(node.span);
            }
        });
    }
    opaque.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut outer: Vec<Span> = Vec::new();
    for s in opaque {
        match outer.last() {
            Some(last) if s.start < last.end => {}
            _ => outer.push(s),
        }
    }
    outer
}

#[derive(Clone, Copy)]
pub(crate) struct Outline<'t> {
    pub lines: Lines<'t>,
    opaque: &'t [Span],
}

impl<'t> Outline<'t> {
    /// `opaque` must be `opaque_spans` of the text's tree.
    pub fn new(lines: Lines<'t>, opaque: &'t [Span]) -> Outline<'t> {
        Outline { lines, opaque }
    }

    /// The multi-line scalar or flow collection that `offset` lies inside (after its first
    /// character).
    pub fn opaque_at(&self, offset: usize) -> Option<Span> {
        let i = self.opaque.partition_point(|s| s.start < offset);
        let s = *self.opaque.get(i.checked_sub(1)?)?;
        (offset <= s.end).then_some(s)
    }

    /// True when the line is not structure: it starts inside a multi-line scalar or flow
    /// collection, or is indented with a tab (which YAML forbids, and whose width nobody knows).
    pub fn is_opaque(&self, line: usize) -> bool {
        let start = self.lines.start(line);
        let content = self.lines.content(line);
        content[..content.len() - content.trim_start().len()].contains('\t')
            || self.opaque_at(start).is_some_and(|s| s.start < start)
    }

    pub fn shape(&self, line: usize) -> Shape {
        shape(self.lines.content(line))
    }

    /// The lines above `line` that enclose a place inside `mode`, innermost first.
    fn ancestors_above(&self, line: usize, mut mode: Mode, out: &mut Vec<Anc>) {
        let mut l = line;
        while l > 0 {
            if mode == Mode::Map(0) {
                return;
            }
            l -= 1;
            if self.is_opaque(l) {
                continue;
            }
            let shape = self.shape(l);
            if let Body::Key { name, .. } = &shape.body {
                let b = shape.body_col;
                let parent = match mode {
                    Mode::Map(c) => b < c,
                    Mode::Seq(d) => b <= d,
                };
                if parent {
                    if opens_block(&shape, self.lines.content(l)) {
                        out.push(Anc::Key {
                            name: name.clone(),
                            line: l,
                            col: b,
                        });
                    }
                    // A key with a value of its own cannot hold the cursor's lines: the cursor
                    // is then taken as one of its siblings (mis-indented).
                    mode = Mode::Map(b);
                }
            }
            for &d in shape.dashes.iter().rev() {
                match mode {
                    Mode::Map(c) if d < c => {
                        out.push(Anc::Item { line: l, col: d });
                        mode = Mode::Seq(d);
                    }
                    Mode::Seq(s) if d < s => {
                        out.push(Anc::Item { line: l, col: d });
                        mode = Mode::Seq(d);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Where the cursor is: the enclosing keys and items (outermost first) and what is being
    /// typed. `None` where nothing can be completed (inside a comment, in the middle of a
    /// `- ` indicator).
    pub fn place(&self, offset: usize) -> Option<Place> {
        let line = self.lines.line_of(offset);
        let ls = self.lines.start(line);
        let content = self.lines.content(line);
        let col = offset.checked_sub(ls)?.min(content.len());
        if let Some(scalar) = self.opaque_at(offset)
            && scalar.start < offset
            && scalar.start < ls
        {
            return self.place_in_multiline(scalar);
        }
        let shape = shape(content);
        // The dashes before the cursor are items holding it.
        if shape.dashes.iter().any(|&d| d + 1 == col) {
            return None;
        }
        let mut own: Vec<Anc> = Vec::new();
        let slot;
        let word_end = |from: usize| {
            let rest = &content[from..];
            from + rest
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
                .unwrap_or(rest.len())
        };
        let slot_col;
        if col < shape.body_col {
            // In the indentation or between indicators: only on an otherwise blank line.
            if !(shape.dashes.is_empty() && shape.body == Body::Empty) {
                return None;
            }
            slot_col = col;
            slot = Slot::Key {
                col,
                replace: Span::empty(offset),
                has_colon: false,
                new_item: false,
                flow: false,
            };
        } else {
            let items: Vec<Anc> = shape
                .dashes
                .iter()
                .map(|&d| Anc::Item { line, col: d })
                .collect();
            own.extend(items);
            slot_col = shape.body_col;
            let new_item = !shape.dashes.is_empty();
            match &shape.body {
                Body::Empty => {
                    if content[shape.body_col..].starts_with('#') && col > shape.body_col {
                        return None;
                    }
                    slot = Slot::Key {
                        col: shape.body_col,
                        replace: Span::empty(offset),
                        has_colon: false,
                        new_item,
                        flow: false,
                    };
                }
                Body::Key {
                    name,
                    name_end,
                    colon,
                    value_col,
                    value_end,
                } => {
                    if col <= *name_end {
                        slot = Slot::Key {
                            col: shape.body_col,
                            replace: Span::new(ls + shape.body_col, ls + name_end),
                            has_colon: true,
                            new_item,
                            flow: false,
                        };
                    } else if col > *colon {
                        // After the value, in a comment: nothing to complete.
                        if col > *value_end
                            && content[(*value_end).max(*value_col)..col].contains('#')
                        {
                            return None;
                        }
                        let value =
                            Span::new(ls + value_col, ls + (*value_end).max(*value_col).max(col));
                        match self.flow_slot(offset, value) {
                            Some((flow, s)) => {
                                own.push(Anc::Key {
                                    name: name.clone(),
                                    line,
                                    col: shape.body_col,
                                });
                                own.extend(flow);
                                return Some(self.finish(
                                    line,
                                    slot_col_mode(&own, shape.body_col),
                                    own,
                                    s,
                                ));
                            }
                            None => {
                                slot = Slot::Value {
                                    key: name.clone(),
                                    value,
                                    flow: false,
                                };
                            }
                        }
                    } else {
                        return None;
                    }
                }
                Body::Text { end } => {
                    let body = Span::new(ls + shape.body_col, ls + (*end).max(shape.body_col));
                    if col > *end && !content[shape.body_col..*end].starts_with(['[', '{']) {
                        return None;
                    }
                    if let Some((flow, s)) = self.flow_slot(offset, body) {
                        own.extend(flow);
                        return Some(self.finish(
                            line,
                            slot_col_mode(&own, shape.body_col),
                            own,
                            s,
                        ));
                    }
                    slot = Slot::Key {
                        col: shape.body_col,
                        replace: Span::new(ls + shape.body_col, ls + word_end(col).max(col)),
                        has_colon: false,
                        new_item,
                        flow: false,
                    };
                }
            }
        }
        let mode = match own.first() {
            Some(Anc::Item { col, .. }) => Mode::Seq(*col),
            _ => Mode::Map(slot_col),
        };
        Some(self.finish(line, mode, own, slot))
    }

    fn finish(&self, line: usize, mode: Mode, own: Vec<Anc>, slot: Slot) -> Place {
        let mut above = Vec::new();
        self.ancestors_above(line, mode, &mut above);
        above.reverse();
        above.extend(own);
        Place { path: above, slot }
    }

    /// The cursor inside a scalar that spans several lines: the value of the key on the line
    /// where it starts.
    fn place_in_multiline(&self, scalar: Span) -> Option<Place> {
        let line = self.lines.line_of(scalar.start);
        let ls = self.lines.start(line);
        let shape = self.shape(line);
        let Body::Key {
            name, value_col, ..
        } = &shape.body
        else {
            return None;
        };
        if ls + value_col != scalar.start {
            return None;
        }
        let own: Vec<Anc> = shape
            .dashes
            .iter()
            .map(|&d| Anc::Item { line, col: d })
            .collect();
        let mode = match own.first() {
            Some(Anc::Item { col, .. }) => Mode::Seq(*col),
            _ => Mode::Map(shape.body_col),
        };
        Some(self.finish(
            line,
            mode,
            own,
            Slot::Value {
                key: name.clone(),
                value: scalar,
                flow: false,
            },
        ))
    }

    /// The cursor inside a flow collection opened on its line (`errors: [FnF.ALL, |]`,
    /// `- {target: a, source: |}`): one level of `[` or `{`.
    fn flow_slot(&self, offset: usize, body: Span) -> Option<(Vec<Anc>, Slot)> {
        let text = self.lines.text;
        if !text[body.start..].starts_with(['[', '{']) {
            return None;
        }
        let end = offset.min(text.len());
        let b = text.as_bytes();
        // The innermost unclosed opener before the cursor, outside quotes.
        let mut stack: Vec<usize> = Vec::new();
        let mut i = body.start;
        let mut segment = body.start;
        while i < end {
            match b[i] {
                b'[' | b'{' => {
                    stack.push(i);
                    segment = i + 1;
                }
                b']' | b'}' => {
                    stack.pop();
                }
                b',' => segment = i + 1,
                b'"' | b'\'' if i == segment || text[segment..i].trim().is_empty() => {
                    match closing_quote(b, i, b.len()).map(|j| j + 1) {
                        Some(close) if close <= end => {
                            i = close;
                            continue;
                        }
                        // The cursor is inside the quotes.
                        _ => break,
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let &opener = stack.last()?;
        if stack.len() > 1 {
            return None;
        }
        let brace = b[opener] == b'{';
        let seg_start = segment + text[segment..end].len() - text[segment..end].trim_start().len();
        let seg = &text[seg_start..end];
        let word_end = |from: usize| {
            from + text[from..]
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#' | '\n'))
                .unwrap_or(text.len() - from)
        };
        let anc = vec![Anc::Flow {
            offset: opener,
            brace,
        }];
        if !brace {
            return Some((
                anc,
                Slot::FlowItem {
                    replace: Span::new(seg_start, word_end(end)),
                },
            ));
        }
        match seg
            .find(": ")
            .or_else(|| seg.ends_with(':').then(|| seg.len() - 1))
        {
            Some(colon) => {
                let key = unquote(&seg[..colon]);
                let v = seg_start + colon + 1;
                let v = v + text[v..end].len() - text[v..end].trim_start().len();
                Some((
                    anc,
                    Slot::Value {
                        key,
                        value: Span::new(v, word_end(end).max(end)),
                        flow: true,
                    },
                ))
            }
            None => Some((
                anc,
                Slot::Key {
                    col: 0,
                    replace: Span::new(seg_start, word_end(end)),
                    has_colon: false,
                    new_item: false,
                    flow: true,
                },
            )),
        }
    }

    /// The entries of a mapping, read from its lines.
    pub fn entries(&self, at: MapAt) -> Vec<EntryText> {
        let (first, parent_col, first_body) = match at {
            MapAt::Root => (0, None, false),
            MapAt::Item { line, col } => (line, Some(col), true),
            MapAt::Value { line, col } => (line + 1, Some(col), false),
        };
        let mut out = Vec::new();
        let mut key_col: Option<usize> = None;
        let mut l = first;
        if first_body {
            let shape = self.shape(l);
            // The body after this item's own indicator (a nested `- - ` has none).
            let own = shape.dashes.iter().position(|&d| Some(d) == parent_col);
            if let Some(i) = own
                && i + 1 == shape.dashes.len()
            {
                if let Body::Key { name, .. } = &shape.body {
                    key_col = Some(shape.body_col);
                    out.push(self.entry(l, name, &shape));
                } else if shape.body != Body::Empty {
                    return out;
                }
            }
            l += 1;
        }
        while l < self.lines.count() {
            if self.is_opaque(l) {
                l += 1;
                continue;
            }
            let shape = self.shape(l);
            let Some(fc) = shape.first_col() else {
                l += 1;
                continue;
            };
            if parent_col.is_some_and(|p| fc <= p) {
                break;
            }
            if let Body::Key { name, .. } = &shape.body
                && shape.dashes.is_empty()
            {
                match key_col {
                    None => key_col = Some(fc),
                    Some(k) if fc < k => break,
                    _ => {}
                }
                if key_col == Some(fc) {
                    out.push(self.entry(l, name, &shape));
                }
            } else if key_col.is_some_and(|k| fc < k) {
                break;
            } else if key_col.is_none() && !shape.dashes.is_empty() {
                // A list, not a mapping.
                break;
            }
            l += 1;
        }
        out
    }

    fn entry(&self, line: usize, name: &str, shape: &Shape) -> EntryText {
        let content = self.lines.content(line);
        let value = match &shape.body {
            Body::Key {
                value_col,
                value_end,
                ..
            } => unquote(&content[*value_col..(*value_end).max(*value_col)]),
            _ => String::new(),
        };
        EntryText {
            key: name.to_string(),
            line,
            col: shape.body_col,
            value,
        }
    }

    /// The `- ` items of the list that is the value of the key at `line`/`col`: the line and
    /// column of each indicator.
    pub fn items(&self, line: usize, col: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut dash: Option<usize> = None;
        for l in line + 1..self.lines.count() {
            if self.is_opaque(l) {
                continue;
            }
            let shape = self.shape(l);
            let Some(fc) = shape.first_col() else {
                continue;
            };
            match dash {
                None => {
                    if shape.dashes.first() == Some(&fc) && fc >= col {
                        dash = Some(fc);
                        out.push((l, fc));
                    } else {
                        break;
                    }
                }
                Some(d) => {
                    if fc < d || (fc == d && shape.dashes.first() != Some(&fc)) {
                        break;
                    }
                    if fc == d {
                        out.push((l, fc));
                    }
                }
            }
        }
        out
    }

    /// The value of `key` in the mapping at `at`.
    pub fn value_of(&self, at: MapAt, key: &str) -> Option<EntryText> {
        self.entries(at).into_iter().find(|e| e.key == key)
    }
}

/// True when the key's value continues on the next lines: nothing after the colon but an
/// anchor, a tag, a comment or a block scalar indicator.
fn opens_block(shape: &Shape, content: &str) -> bool {
    let Body::Key {
        value_col,
        value_end,
        ..
    } = &shape.body
    else {
        return false;
    };
    let value = content
        .get(*value_col..(*value_end).max(*value_col))
        .unwrap_or("")
        .trim();
    value.is_empty()
        || value.split_whitespace().all(|w| w.starts_with(['&', '!']))
        || value.starts_with(['|', '>', '[', '{'])
}

fn slot_col_mode(own: &[Anc], body_col: usize) -> Mode {
    match own.first() {
        Some(Anc::Item { col, .. }) => Mode::Seq(*col),
        _ => Mode::Map(body_col),
    }
}

/// Where the cursor is and what is being typed there.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    /// Enclosing keys and items, outermost first.
    pub path: Vec<Anc>,
    pub slot: Slot,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Slot {
    /// A key (or, in a list of strings, an item) being typed in the mapping whose keys are at
    /// `col`; `replace` is what a completion replaces (the word at the cursor).
    Key {
        col: usize,
        replace: Span,
        /// The key already has its `:`: insert the name only.
        has_colon: bool,
        /// The line starts a new `- ` item right before the word.
        new_item: bool,
        /// Inside a one-line `{...}` mapping.
        flow: bool,
    },
    /// The value of `key` (`value` is the value as written on the line, possibly empty).
    Value {
        key: String,
        value: Span,
        flow: bool,
    },
    /// An item of a one-line `[...]` list, the value of the last key of the path.
    FlowItem { replace: Span },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let s = shape("  - type: task # c");
        assert_eq!(s.dashes, vec![2]);
        assert_eq!(s.body_col, 4);
        assert!(
            matches!(s.body, Body::Key { ref name, value_col: 10, value_end: 14, .. } if name == "type")
        );
        let s = shape("    - - a");
        assert_eq!(s.dashes, vec![4, 6]);
        assert!(matches!(s.body, Body::Text { end: 9 }));
        let s = shape("  resourceArn: acs:fc:::services/a/functions/b");
        assert!(matches!(s.body, Body::Key { ref name, .. } if name == "resourceArn"));
        let s = shape("  \"quoted key\": 'v'");
        assert!(
            matches!(s.body, Body::Key { ref name, value_end: 19, .. } if name == "quoted key")
        );
        let s = shape("  - ");
        assert_eq!(s.body, Body::Empty);
        let s = shape("  res");
        assert_eq!(s.body, Body::Text { end: 5 });
        let s = shape("-not-a-dash: 1");
        assert!(s.dashes.is_empty());
    }

    fn place(text: &str) -> Place {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        let parsed = fdl_syntax::parse(&text);
        let starts = crate::lines::line_starts(&text);
        let opaque = opaque_spans(&text, parsed.root.as_ref());
        let outline = Outline::new(Lines::new(&text, &starts), &opaque);
        outline.place(offset).unwrap()
    }

    fn names(p: &Place) -> Vec<String> {
        p.path
            .iter()
            .map(|a| match a {
                Anc::Key { name, .. } => name.clone(),
                Anc::Item { .. } => "-".into(),
                Anc::Flow { brace: true, .. } => "{".into(),
                Anc::Flow { brace: false, .. } => "[".into(),
            })
            .collect()
    }

    #[test]
    fn ancestors() {
        let p = place("steps:\n  - type: choice\n    choices:\n      - condition: x\n        |\n");
        assert_eq!(names(&p), ["steps", "-", "choices", "-"]);
        assert!(matches!(p.slot, Slot::Key { col: 8, .. }));
        // An indentless list.
        let p = place("steps:\n- type: pass\n  na|\n");
        assert_eq!(names(&p), ["steps", "-"]);
        let p = place("steps:\n  - type: task\n    retry:\n      - errors:\n          - FnF.|\n");
        assert_eq!(names(&p), ["steps", "-", "retry", "-", "errors", "-"]);
        let p = place("steps:\n  - type: task\n    catch:\n      - errors: [FnF.ALL, F|]\n");
        assert_eq!(names(&p), ["steps", "-", "catch", "-", "errors", "["]);
        assert!(matches!(p.slot, Slot::FlowItem { .. }));
        let p = place("steps:\n  - type: task\n    pattern: |\n");
        assert!(matches!(p.slot, Slot::Value { ref key, .. } if key == "pattern"));
        assert_eq!(names(&p), ["steps", "-"]);
        let p = place("a: |\n  line\n  more|\n");
        assert!(matches!(p.slot, Slot::Value { ref key, .. } if key == "a"));
    }

    #[test]
    fn entries_and_items() {
        let text = "version: v1\nsteps:\n  - type: pass\n    name: a\n    outputMappings:\n      - target: x\n  - name: b\n    type: task\n";
        let parsed = fdl_syntax::parse(text);
        let starts = crate::lines::line_starts(text);
        let opaque = opaque_spans(text, parsed.root.as_ref());
        let o = Outline::new(Lines::new(text, &starts), &opaque);
        let keys: Vec<_> = o.entries(MapAt::Root).into_iter().map(|e| e.key).collect();
        assert_eq!(keys, ["version", "steps"]);
        let items = o.items(1, 0);
        assert_eq!(items, [(2, 2), (6, 2)]);
        let keys: Vec<_> = o
            .entries(MapAt::Item { line: 2, col: 2 })
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect();
        assert_eq!(
            keys,
            [
                ("type".to_string(), "pass".to_string()),
                ("name".into(), "a".into()),
                ("outputMappings".into(), "".into())
            ]
        );
        assert_eq!(
            o.value_of(MapAt::Item { line: 6, col: 2 }, "type")
                .unwrap()
                .value,
            "task"
        );
    }
}
