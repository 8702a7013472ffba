//! Turns saphyr events into a flat arena of nodes with byte spans. Iterative: an explicit stack
//! of open collections, never recursion. Aliases stay references here; `convert` expands them.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle as SaphyrStyle};

use crate::text::{LineStarts, closing_quote, is_ws, line_end_of, line_start_of};
use crate::{Scalar, ScalarStyle, Span, SyntaxError, SyntaxErrorKind};

/// Maps saphyr's character indices to byte offsets. Free for ASCII text; otherwise a walk from
/// the last position asked for (events come in source order, so this is usually a few
/// characters) or from a checkpoint kept every `STEP` characters, whichever is closer.
/// Checkpoints are computed only as far as asked, so a parse that stops early costs little.
pub(crate) struct CharMap {
    ascii: bool,
    /// saphyr counts the name and parameters of a reserved directive (`%FOO é`, any but
    /// `%YAML` and `%TAG`) in bytes rather than characters, so its indices after such a line
    /// are too large: for each such line with non-ASCII text, (saphyr's index just after the
    /// line's `%`, the total excess from there on).
    skew: Vec<(usize, usize)>,
    /// Byte offset of every `STEP`-th character, as far as computed.
    checkpoints: RefCell<Vec<usize>>,
    /// The last (character index, byte offset) pair computed.
    cursor: Cell<(usize, usize)>,
}

const STEP: usize = 64;

/// Length of the UTF-8 sequence starting with byte `b`.
fn utf8_width(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0x80..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

impl CharMap {
    pub(crate) fn new(text: &str) -> CharMap {
        let ascii = text.is_ascii();
        CharMap {
            ascii,
            skew: if ascii {
                Vec::new()
            } else {
                directive_skew(text)
            },
            checkpoints: RefCell::new(vec![0]),
            cursor: Cell::new((0, 0)),
        }
    }

    /// The byte offset of character index `ci`, clamped to the end of the text.
    pub(crate) fn byte(&self, text: &str, ci: usize) -> usize {
        let b = text.as_bytes();
        if self.ascii {
            return ci.min(b.len());
        }
        let k = self.skew.partition_point(|&(at, _)| at <= ci);
        let ci = match k.checked_sub(1) {
            Some(k) => ci.saturating_sub(self.skew[k].1),
            None => ci,
        };
        let (cc, cb) = self.cursor.get();
        let (mut c, mut at) = if ci >= cc && ci - cc <= ci % STEP {
            (cc, cb)
        } else {
            (ci - ci % STEP, self.checkpoint(b, ci / STEP))
        };
        while c < ci && at < b.len() {
            at += utf8_width(b[at]);
            c += 1;
        }
        let at = at.min(b.len());
        self.cursor.set((c, at));
        at
    }

    /// Byte offset of character `k * STEP`, extending the checkpoints up to it.
    fn checkpoint(&self, b: &[u8], k: usize) -> usize {
        let mut cps = self.checkpoints.borrow_mut();
        while cps.len() <= k {
            let mut at = cps.last().copied().unwrap_or(0);
            if at >= b.len() {
                return b.len();
            }
            for _ in 0..STEP {
                if at >= b.len() {
                    break;
                }
                at += utf8_width(b[at]);
            }
            cps.push(at.min(b.len()));
        }
        cps[k]
    }
}

/// The excess of saphyr's character indices after reserved directives (see `CharMap::skew`).
/// saphyr reads a `%` at the start of a line as a directive wherever a token starts there; in
/// a document that is an error, which recovery blanks, so only the directives of a document's
/// prologue (before its first content or `---`, at the start or after a `...` line) count.
fn directive_skew(text: &str) -> Vec<(usize, usize)> {
    let mut skew = Vec::new();
    if !(text.trim_start_matches('\u{feff}').starts_with('%')
        || text.contains("\n%")
        || text.contains("\r%"))
    {
        return skew;
    }
    let b = text.as_bytes();
    let marker = |line: &str, m: &str| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    let (mut prologue, mut excess, mut chars, mut start) = (true, 0usize, 0usize, 0usize);
    while start <= b.len() {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .map_or(b.len(), |i| start + i);
        let break_len = if b[end..].starts_with(b"\r\n") { 2 } else { 1 };
        let full = &text[start..end];
        let line = full.trim_start_matches('\u{feff}');
        let boms = (full.len() - line.len()) / 3;
        if prologue {
            if let Some(rest) = line.strip_prefix('%') {
                let name = rest.split([' ', '\t']).next().unwrap_or("");
                let bytes = rest.len();
                let extra = bytes - rest.chars().count();
                if name != "YAML" && name != "TAG" && extra > 0 {
                    excess += extra;
                    // saphyr's index of the `%` is the true one plus the excess before it.
                    let pct = chars + boms + (excess - extra);
                    skew.push((pct + 1, excess));
                }
            } else if marker(line, "---") {
                prologue = false;
            } else {
                let content = line.trim_start_matches([' ', '\t']);
                prologue = content.is_empty() || content.starts_with('#') || marker(line, "...");
            }
        } else if marker(line, "...") {
            prologue = true;
        }
        chars += full.chars().count() + break_len;
        start = end + break_len;
    }
    skew
}

/// A node in the arena. Children are arena indices; a node is pushed when it is complete, so
/// children and alias targets always have smaller indices than the nodes that use them.
pub(crate) struct RawNode {
    pub span: Span,
    pub kind: RawKind,
    pub tag: Option<String>,
    pub anchor: Option<String>,
    /// Number of nodes this node stands for once aliases are expanded (saturating).
    pub size: u64,
}

pub(crate) enum RawKind {
    Scalar(Scalar),
    Seq(Vec<usize>),
    /// Flat `[key, value, key, value, ...]`.
    Map(Vec<usize>),
    /// An alias of the complete node at this arena index.
    Alias(usize),
    /// A node that could not be built; `alias_of` when it came from an alias.
    Error {
        alias_of: Option<Span>,
    },
}

struct Frame {
    is_map: bool,
    flow: bool,
    start: usize,
    tag: Option<String>,
    anchor: Option<String>,
    anchor_id: usize,
    children: Vec<usize>,
    /// Decoded scalar keys seen so far, for duplicate detection in large mappings; small ones
    /// are searched linearly, without allocating.
    keys: Option<HashMap<String, Span>>,
    /// The mapping has a `<<` merge key.
    merge: bool,
}

/// A region that recovery replaced by a placeholder scalar: the scalar found there becomes an
/// `Error` node covering the region.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placeholder {
    pub span: Span,
}

pub(crate) struct Builder<'t> {
    text: &'t str,
    placeholders: &'t [Placeholder],
    pub arena: Vec<RawNode>,
    frames: Vec<Frame>,
    /// saphyr anchor id -> arena index; `None` while the anchored collection is still open.
    anchors: HashMap<usize, Option<usize>>,
    pub root: Option<usize>,
    pub document_count: usize,
    /// Duplicate keys, merge keys, a second document, recursive aliases.
    pub errors: Vec<SyntaxError>,
    /// Arena indices of the mappings (of the first document) that have a `<<` merge key, in
    /// increasing order.
    pub merge_maps: Vec<usize>,
    /// Spans of every scalar (keys included) of every document, in source order.
    pub scalar_spans: Vec<Span>,
    /// End of the last event consumed.
    pub last_end: usize,
    /// saphyr's position of the last empty plain scalar.
    last_empty: usize,
    /// Line starts of the text, shared by every attempt (blanking keeps lines where they are).
    lines: &'t OnceCell<LineStarts>,
}

/// Properties (`&anchor`, `!tag`) written before a node's content.
struct Props<'t> {
    /// First byte of the content after the properties and the white space that follows them.
    content: usize,
    /// End of the last property (or the start when there is none).
    props_end: usize,
    tag: Option<&'t str>,
    anchor: Option<&'t str>,
}

impl<'t> Builder<'t> {
    pub(crate) fn new(
        text: &'t str,
        placeholders: &'t [Placeholder],
        lines: &'t OnceCell<LineStarts>,
    ) -> Builder<'t> {
        Builder {
            text,
            placeholders,
            arena: Vec::new(),
            frames: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            document_count: 0,
            errors: Vec::new(),
            merge_maps: Vec::new(),
            scalar_spans: Vec::new(),
            last_end: 0,
            last_empty: 0,
            lines,
        }
    }

    /// Start of the innermost open flow collection (`[` or `{`), if any.
    pub(crate) fn open_flow_start(&self) -> Option<usize> {
        self.frames.iter().rev().find(|f| f.flow).map(|f| f.start)
    }

    fn in_first_document(&self) -> bool {
        self.document_count <= 1
    }

    pub(crate) fn event(&mut self, ev: Event<'_>, span: Span) {
        match ev {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(explicit) => {
                self.document_count += 1;
                if self.document_count == 2 {
                    let at = span.start;
                    let err_span = if explicit && self.text[at..].starts_with("---") {
                        Span::new(at, at + 3)
                    } else {
                        Span::empty(at)
                    };
                    self.errors.push(SyntaxError {
                        kind: SyntaxErrorKind::MultipleDocuments,
                        span: err_span,
                        message: "a second YAML document starts here; a flow file must hold \
                                  exactly one document, and only the first one is read"
                            .to_string(),
                    });
                }
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let has_props = anchor_id > 0 || tag.is_some();
                self.scalar(value.into_owned(), style, anchor_id, has_props, span);
            }
            Event::Alias(id) => self.alias(id, span),
            Event::SequenceStart(anchor_id, tag) => {
                self.open(false, anchor_id, anchor_id > 0 || tag.is_some(), span);
            }
            Event::MappingStart(anchor_id, tag) => {
                self.open(true, anchor_id, anchor_id > 0 || tag.is_some(), span);
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
        }
        self.last_end = self.last_end.max(span.end);
    }

    /// Reads the properties at `start`. Only when saphyr says there are some: otherwise the
    /// event starts at the content, which may itself begin with `!` or `&` (a key written
    /// with an anchor, a line of a block scalar).
    fn props(&self, start: usize, has_props: bool) -> Props<'t> {
        let text = self.text;
        let b = text.as_bytes();
        let mut p = start;
        let mut props = Props {
            content: start,
            props_end: start,
            tag: None,
            anchor: None,
        };
        while has_props && p < b.len() {
            let end = match b[p] {
                b'&' => {
                    let e = name_end(b, p + 1);
                    props.anchor = Some(&text[p + 1..e]);
                    e
                }
                b'!' => {
                    // A verbatim tag `!<...>` ends at its `>` (it may hold `,`, as in
                    // `!<tag:yaml.org,2002:int>`), other tags at white space or a flow
                    // indicator.
                    let verbatim_end = (b.get(p + 1) == Some(&b'<'))
                        .then(|| {
                            b[p..]
                                .iter()
                                .take_while(|&&c| !is_ws(c))
                                .position(|&c| c == b'>')
                        })
                        .flatten();
                    let e = match verbatim_end {
                        Some(i) => p + i + 1,
                        None => name_end(b, p + 1),
                    };
                    props.tag = Some(&text[p..e]);
                    e
                }
                _ => break,
            };
            props.props_end = end;
            p = skip_ws_and_comments(b, end);
        }
        props.content = if props.props_end == start { start } else { p };
        props
    }

    fn scalar(
        &mut self,
        value: String,
        style: SaphyrStyle,
        anchor_id: usize,
        has_props: bool,
        span: Span,
    ) {
        let props = self.props(span.start, has_props);
        let is_key = self.next_is_key();
        let style = match style {
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
            _ => ScalarStyle::Plain,
        };
        let node_span = match style {
            ScalarStyle::Plain if value.is_empty() => {
                if props.props_end > span.start {
                    Span::empty(props.props_end)
                } else {
                    Span::empty(self.empty_position(span.start, is_key))
                }
            }
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let indicator_here = props.props_end > span.start || value.trim().is_empty();
                let want = if style == ScalarStyle::Literal {
                    b'|'
                } else {
                    b'>'
                };
                let (span, header_end) =
                    block_scalar_span(self.text, props.content, span.end, indicator_here, want);
                // A comment may follow the header on its line: only the header and the lines
                // after it belong to the scalar.
                let b = self.text.as_bytes();
                let body = line_end_of(b, header_end).min(span.end) + 1;
                self.scalar_spans.push(Span::new(span.start, header_end));
                if body < span.end {
                    self.scalar_spans.push(Span::new(body, span.end));
                }
                span
            }
            // saphyr ends a quoted scalar after the white space and comment that follow it.
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Span::new(
                props.content,
                quoted_end(self.text.as_bytes(), props.content, span.end).max(props.content),
            ),
            _ => Span::new(props.content, span.end.max(props.content)),
        };
        let placeholder = self
            .placeholders
            .iter()
            .find(|p| p.span.start == node_span.start && !node_span.is_empty());
        let node = if let Some(p) = placeholder {
            RawNode {
                span: p.span,
                kind: RawKind::Error { alias_of: None },
                tag: None,
                anchor: None,
                size: 1,
            }
        } else {
            if !matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                self.scalar_spans.push(node_span);
            }
            RawNode {
                span: node_span,
                kind: RawKind::Scalar(Scalar { value, style }),
                tag: props.tag.map(str::to_string),
                anchor: props.anchor.map(str::to_string),
                size: 1,
            }
        };
        self.push(node, anchor_id);
    }

    /// Where an empty plain scalar sits: right after the indicator that introduced it (`?` for
    /// a key, `:` for a value, `-` for a list item), even when saphyr puts it on a later line
    /// (at the next token). A value written without `:` sits right after its key; anything
    /// else at saphyr's position.
    fn empty_position(&mut self, at: usize, is_key: bool) -> usize {
        let b = self.text.as_bytes();
        let at = at.min(b.len());
        let floor = self.last_empty.min(at);
        self.last_empty = at;
        let parent = self
            .frames
            .last()
            .map(|f| (f.is_map, f.children.last().copied()));
        let (indicator, fallback) = match parent {
            None => return at,
            Some((true, _)) if is_key => (b'?', at),
            Some((true, Some(key))) => {
                // saphyr puts an empty value at its `:`.
                if b.get(at) == Some(&b':') {
                    return at + 1;
                }
                (b':', self.arena[key].span.end)
            }
            Some((true, None)) => return at,
            Some((false, _)) => (b'-', at),
        };
        // The last token before `at`, skipping white space, line breaks and comments. Nothing
        // between the previous scalar (or empty scalar) and `at` is scalar text, so a `#` after
        // white space there starts a comment.
        let floor = self
            .scalar_spans
            .last()
            .map_or(0, |s| s.end)
            .max(floor)
            .min(at);
        let mut last = None;
        let mut comment = false;
        for i in floor..at {
            match b[i] {
                b'\n' | b'\r' => comment = false,
                _ if comment => {}
                b'#' if i == 0 || is_ws(b[i - 1]) => comment = true,
                b' ' | b'\t' => {}
                _ => last = Some(i),
            }
        }
        match last {
            Some(i)
                if b[i] == indicator
                    && b.get(i + 1)
                        .is_none_or(|&c| is_ws(c) || matches!(c, b',' | b']' | b'}')) =>
            {
                i + 1
            }
            _ => fallback,
        }
    }

    fn alias(&mut self, id: usize, span: Span) {
        let node = match self.anchors.get(&id) {
            Some(Some(target)) => RawNode {
                span,
                kind: RawKind::Alias(*target),
                tag: None,
                anchor: None,
                size: self.arena[*target].size,
            },
            Some(None) => {
                if self.in_first_document() {
                    let name = self.text[span.range()].trim_start_matches('*');
                    self.errors.push(SyntaxError {
                        kind: SyntaxErrorKind::Invalid,
                        span,
                        message: format!(
                            "`*{name}` refers to `&{name}`, a node that contains this alias; \
                             recursive aliases are not allowed"
                        ),
                    });
                }
                RawNode {
                    span,
                    kind: RawKind::Error { alias_of: None },
                    tag: None,
                    anchor: None,
                    size: 1,
                }
            }
            None => RawNode {
                span,
                kind: RawKind::Error { alias_of: None },
                tag: None,
                anchor: None,
                size: 1,
            },
        };
        self.push(node, 0);
    }

    fn open(&mut self, is_map: bool, anchor_id: usize, has_props: bool, span: Span) {
        let props = self.props(span.start, has_props);
        let open = if is_map { b'{' } else { b'[' };
        // A flow collection's start event covers its `[`/`{`; a block collection's is empty at
        // its first key or `-` (after any properties).
        let b = self.text.as_bytes();
        let flow = props.content < span.end && b.get(props.content) == Some(&open);
        let mut start = props.content;
        if !is_map && !flow && !has_props && self.next_is_value_of_block_map() {
            // An indentless sequence (`key:\n- a`) starts at saphyr's first entry token, which
            // sits after the `-` and the white space (and comment) following it, possibly at
            // the `-` of an inner sequence (`key:\n- - a`): go back to the first `-` of the
            // line. (An indented sequence here already starts at that `-`; properties can
            // only be on an earlier line, and `props` found the `-` after them.)
            let line = line_start_of(b, start);
            let first = line + b[line..start].iter().take_while(|&&c| c == b' ').count();
            if b.get(first) == Some(&b'-') {
                start = first;
            }
        }
        if anchor_id > 0 {
            self.anchors.insert(anchor_id, None);
        }
        self.frames.push(Frame {
            is_map,
            flow,
            start,
            tag: props.tag.map(str::to_string),
            anchor: props.anchor.map(str::to_string),
            anchor_id,
            children: Vec::new(),
            keys: None,
            merge: false,
        });
    }

    fn close(&mut self, span: Span) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let end = if frame.flow && !span.is_empty() {
            span.end
        } else {
            self.children_end(&frame)
        };
        self.finish_frame(frame, end);
    }

    /// The end of the last child. All children are looked at: with explicit `?` keys an empty
    /// key can sit after its value.
    fn children_end(&self, frame: &Frame) -> usize {
        frame
            .children
            .iter()
            .map(|&c| self.arena[c].span.end)
            .fold(frame.start, usize::max)
    }

    fn finish_frame(&mut self, frame: Frame, end: usize) {
        let size = frame
            .children
            .iter()
            .fold(1u64, |acc, &c| acc.saturating_add(self.arena[c].size));
        let children = frame.children;
        // Odd explicit-key input (`? :`) can put an empty key before the collection's start:
        // the span always covers the children.
        let start = children
            .iter()
            .map(|&c| self.arena[c].span.start)
            .fold(frame.start, usize::min);
        let node = RawNode {
            span: Span::new(start, end.max(frame.start)),
            kind: if frame.is_map {
                RawKind::Map(children)
            } else {
                RawKind::Seq(children)
            },
            tag: frame.tag,
            anchor: frame.anchor,
            size,
        };
        if frame.merge {
            self.merge_maps.push(self.arena.len());
        }
        self.push(node, frame.anchor_id);
    }

    /// Closes every open collection after a syntax error at `at`, so the partial tree keeps
    /// what was read. A key left without a value gets an `Error` value.
    pub(crate) fn close_all(&mut self, at: usize) {
        while let Some(top) = self.frames.last() {
            if top.is_map && top.children.len() % 2 == 1 {
                let node = RawNode {
                    span: Span::empty(at.max(top.start)),
                    kind: RawKind::Error { alias_of: None },
                    tag: None,
                    anchor: None,
                    size: 1,
                };
                self.push(node, 0);
                continue;
            }
            if let Some(frame) = self.frames.pop() {
                let end = self.children_end(&frame);
                self.finish_frame(frame, end);
            }
        }
    }

    /// The next node is the value of an entry of a block mapping.
    fn next_is_value_of_block_map(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|f| f.is_map && !f.flow && f.children.len() % 2 == 1)
    }

    fn next_is_key(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|f| f.is_map && f.children.len() % 2 == 0)
    }

    fn push(&mut self, node: RawNode, anchor_id: usize) {
        let idx = self.arena.len();
        let is_key = self.next_is_key();
        if is_key && self.in_first_document() {
            self.check_key(&node);
        }
        self.arena.push(node);
        if anchor_id > 0 {
            self.anchors.insert(anchor_id, Some(idx));
        }
        match self.frames.last_mut() {
            Some(frame) => frame.children.push(idx),
            None => {
                if self.document_count <= 1 && self.root.is_none() {
                    self.root = Some(idx);
                }
            }
        }
    }

    fn check_key(&mut self, key: &RawNode) {
        let RawKind::Scalar(scalar) = &key.kind else {
            return;
        };
        if is_merge_key(key) {
            if let Some(frame) = self.frames.last_mut() {
                frame.merge = true;
            }
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::MergeKey,
                span: key.span,
                message: "`<<` is a YAML 1.1 merge key: YAML 1.2 readers take it as an ordinary \
                          key, so whether these keys are merged depends on the tool reading the file"
                    .to_string(),
            });
        }
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let arena = &self.arena;
        let key_text = |i: usize| match &arena[i].kind {
            RawKind::Scalar(s) => Some((s.value.as_str(), arena[i].span)),
            _ => None,
        };
        const LINEAR: usize = 16;
        let previous_keys = frame.children.iter().step_by(2);
        let first = match &mut frame.keys {
            Some(keys) => keys.get(&scalar.value).copied(),
            None if frame.children.len() < 2 * LINEAR => previous_keys
                .filter_map(|&i| key_text(i))
                .find(|(k, _)| *k == scalar.value)
                .map(|(_, span)| span),
            None => {
                let mut keys = HashMap::new();
                for (k, span) in previous_keys.filter_map(|&i| key_text(i)) {
                    keys.entry(k.to_string()).or_insert(span);
                }
                let first = keys.get(&scalar.value).copied();
                frame.keys = Some(keys);
                first
            }
        };
        match first {
            Some(first) => {
                let lines = self.lines.get_or_init(|| LineStarts::new(self.text));
                let line = lines.line_of(first.start) + 1;
                self.errors.push(SyntaxError {
                    kind: SyntaxErrorKind::DuplicateKey {
                        key: scalar.value.clone(),
                        first,
                    },
                    span: key.span,
                    message: duplicate_key_message(&scalar.value, line),
                });
            }
            None => {
                if let Some(keys) = &mut frame.keys {
                    keys.insert(scalar.value.clone(), key.span);
                }
            }
        }
    }
}

/// The message of a `DuplicateKey` error whose first occurrence is on 1-based `line`.
pub(crate) fn duplicate_key_message(key: &str, line: usize) -> String {
    format!(
        "duplicate key `{key}`: it is already set on line {line}, and YAML allows a key only \
         once in a mapping"
    )
}

/// A plain, untagged `<<` key: a YAML 1.1 merge key.
pub(crate) fn is_merge_key(key: &RawNode) -> bool {
    matches!(&key.kind, RawKind::Scalar(s)
        if s.style == ScalarStyle::Plain && s.value == "<<" && key.tag.is_none())
}

/// The end of the quoted scalar opened at `open` (just after its closing quote), looking no
/// further than `limit`; `limit` when the quote is not found.
fn quoted_end(b: &[u8], open: usize, limit: usize) -> usize {
    let limit = limit.min(b.len());
    let Some(&quote) = b.get(open).filter(|&&q| q == b'"' || q == b'\'') else {
        return limit;
    };
    let mut i = open + 1;
    while i < limit {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
    }
    limit
}

/// End of an anchor name or tag: white space or a flow indicator.
fn name_end(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && !is_ws(b[p]) && !matches!(b[p], b',' | b'[' | b']' | b'{' | b'}') {
        p += 1;
    }
    p
}

fn skip_ws_and_comments(b: &[u8], mut p: usize) -> usize {
    loop {
        while p < b.len() && is_ws(b[p]) {
            p += 1;
        }
        if p < b.len() && b[p] == b'#' {
            while p < b.len() && b[p] != b'\n' && b[p] != b'\r' {
                p += 1;
            }
        } else {
            return p;
        }
    }
}

/// The span of a block scalar, from its `|`/`>` indicator to the end of its last non-blank
/// character, and the end of its header (indicator and indentation/chomping indicators).
/// saphyr starts the scalar at its first content character (or at the indicator when
/// `indicator_here`) and ends it after the trailing blank lines.
fn block_scalar_span(
    text: &str,
    content: usize,
    event_end: usize,
    indicator_here: bool,
    want: u8,
) -> (Span, usize) {
    let b = text.as_bytes();
    let content = content.min(b.len());
    // Only the scalar's own indicator (`want`): an empty block scalar ends where the next
    // token starts, which may be another `|` or `>` (found by fuzzing: a `>` scalar got the
    // span of a `|` on a later line).
    let indicator = if indicator_here && b.get(content) == Some(&want) {
        Some(content)
    } else {
        find_header_indicator(text, content)
    };
    let Some(ind) = indicator else {
        return (Span::new(content, trim_end(b, content, event_end)), content);
    };
    let mut header_end = ind + 1;
    while header_end < b.len()
        && header_end < ind + 3
        && matches!(b[header_end], b'0'..=b'9' | b'+' | b'-')
    {
        header_end += 1;
    }
    (
        Span::new(ind, trim_end(b, header_end, event_end)),
        header_end,
    )
}

fn trim_end(b: &[u8], floor: usize, end: usize) -> usize {
    let mut end = end.min(b.len());
    while end > floor && is_ws(b[end - 1]) {
        end -= 1;
    }
    end.max(floor)
}

/// Finds the block scalar indicator on the last non-blank line before the line of `content`.
fn find_header_indicator(text: &str, content: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut line_start = line_start_of(b, content);
    while line_start > 0 {
        let prev_end = line_start - 1;
        let prev_start = line_start_of(b, prev_end);
        let line = &b[prev_start..prev_end];
        if line.iter().any(|&c| !is_ws(c)) {
            return indicator_in_line(line).map(|i| prev_start + i);
        }
        line_start = prev_start;
    }
    None
}

/// The last `|`/`>` on a header line that starts a token and is followed only by indentation
/// and chomping indicators, then white space or the end of the line. Quoted text and comments
/// are skipped.
fn indicator_in_line(line: &[u8]) -> Option<usize> {
    let mut found = None;
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        let token_start = i == 0 || matches!(line[i - 1], b' ' | b'\t' | b'[' | b'{' | b',');
        match c {
            b'#' if i == 0 || is_ws(line[i - 1]) => break,
            b'"' | b'\'' if token_start => {
                // A quote that does not close on the line is text of a plain scalar
                // (`p "x": |`); a quoted scalar left open could not be followed by a header
                // on this line. Found by fuzzing: stopping there lost the indicator.
                if let Some(j) = closing_quote(line, i, line.len()) {
                    i = j + 1;
                    continue;
                }
            }
            b'|' | b'>' if i == 0 || is_ws(line[i - 1]) => {
                let mut j = i + 1;
                while j < line.len() && j < i + 3 && matches!(line[j], b'0'..=b'9' | b'+' | b'-') {
                    j += 1;
                }
                if j == line.len() || is_ws(line[j]) {
                    found = Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_map_non_ascii() {
        let text: String = "名字: 值\n".repeat(50) + "😀x";
        let map = CharMap::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (ci, &(b, _)) in chars.iter().enumerate() {
            assert_eq!(map.byte(&text, ci), b);
        }
        assert_eq!(map.byte(&text, chars.len()), text.len());
        assert_eq!(map.byte(&text, chars.len() + 10), text.len());
    }

    #[test]
    fn header_indicator() {
        assert_eq!(indicator_in_line(b"a: |"), Some(3));
        assert_eq!(indicator_in_line(b"a: |+ # x | y"), Some(3));
        assert_eq!(indicator_in_line(b"- >-"), Some(2));
        assert_eq!(indicator_in_line(b"\"a | b\": |2"), Some(9));
        assert_eq!(indicator_in_line(b"a|b: x"), None);
        assert_eq!(indicator_in_line(b"p \": |"), Some(5));
    }
}
