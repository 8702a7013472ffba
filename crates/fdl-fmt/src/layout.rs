//! The pre-pass: where each collection's items start in the source, which comment belongs where,
//! how block scalars are laid out, and which mappings are printed in canonical key order.
//!
//! Comments are attached by position. A trailing comment (code before it on its line) belongs to
//! the token it follows and is printed after that token. An own-line comment belongs to a slot:
//! before an item (it moves with the item when keys are reordered), at the end of a block, before
//! a value written on a later line than its key, or at the end of the document. After the last
//! item of nested blocks, an own-line comment goes to the innermost block whose column is at or
//! left of the comment's column, so a comment indented as a block stays at the end of that block.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use fdl_model::Context;
use fdl_syntax::{Comment, Entry, Node, NodeKind, ScalarStyle, Span, SyntaxErrorKind};

use crate::source::Source;

/// Identity of a node of the tree being printed (its address; the tree does not move).
pub(crate) type Id = usize;

/// A hash map keyed by node addresses, offsets and slots: these keys are already well spread
/// integers, so a multiply-and-rotate hash is enough, and much cheaper than SipHash.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<IntHasher>>;

#[derive(Default)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

pub(crate) fn id(node: &Node) -> Id {
    node as *const Node as usize
}

/// A mapping or sequence as written.
pub(crate) struct Coll {
    pub flow: bool,
    /// Block: source column of the items. Flow: column of the opening bracket.
    pub col: usize,
    /// The items written in the source (a mapping's merged `<<` entries are not among them).
    pub items: Vec<Item>,
    /// Flow: offset of the opening bracket (block: of the first item).
    pub open: usize,
    /// First byte of the collection (first item, or opening bracket) and end of its last line's
    /// content.
    pub start: usize,
    pub end: usize,
    /// Printed as written (re-indented): a construct the printer does not lay out (explicit `?`
    /// keys, collections as keys, a `fdl-fmt` directive inside a flow collection).
    pub exotic: bool,
    /// The order to print the items in, when it differs from the source order.
    pub order: Option<Vec<usize>>,
    /// A `fdl-fmt: off` comment sits between the items: they keep their order.
    pub off: bool,
}

/// One item (mapping entry or sequence element) of a collection.
pub(crate) struct Item {
    /// First byte: the key (or its anchor/tag), the `-`, or a flow element.
    pub start: usize,
    /// End of the indicator before the value: after `:` or `-`. A flow sequence element: its
    /// start. A flow mapping entry without `:` (`{a}`): the end of the key.
    pub ind_end: usize,
    /// Flow: end of the `,` after the item, if any.
    pub sep_end: Option<usize>,
    /// End of the item's value as written (a flow collection's closing bracket included).
    pub end: usize,
}

/// The layout of a `|` or `>` block scalar in the source.
pub(crate) struct BlockScalar {
    /// End of the header (`|`, `>-`, `|2+`...).
    pub header_end: usize,
    /// The explicit indentation indicator, if written.
    pub indicator: Option<usize>,
    /// `+` chomping: trailing empty lines are part of the value.
    pub keep: bool,
    /// Source column of the content (`None` when there is no content line).
    pub content_col: Option<usize>,
    /// First line after the header.
    pub first_line: usize,
    /// Last line that is content (not an empty line), if any.
    pub last_content: Option<usize>,
    /// First line after the scalar, trailing empty lines included.
    pub end_line: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Slot {
    /// Own-line comments printed above item `.1` of collection `.0`.
    Before(Id, usize),
    /// Own-line comments after the last item of a collection, printed at its indentation.
    End(Id),
    /// Own-line comments between an indicator and a scalar or flow value on a later line.
    Value(Id),
    /// Comments after the root (before a `...` marker).
    DocEnd,
    /// Comments after a `...` marker.
    AfterDoc,
}

#[derive(Clone, Copy, Debug)]
enum Ev {
    Item(Id, usize, usize),
    End(Id, usize),
    FlowItem(Id, usize),
    FlowEnd(Id),
    Value(Id),
    DocEnd,
    AfterDoc,
}

#[derive(Clone, Copy, Debug)]
struct Event {
    pos: usize,
    ev: Ev,
}

/// Document-level structure around the root node.
pub(crate) struct Doc {
    pub bom: bool,
    /// The `---` marker that starts the document, if written.
    pub marker: Option<Span>,
    /// The `...` marker that ends it, if written.
    pub end_marker: Option<Span>,
    /// Start of the text after the first document (a second document), copied as written;
    /// the text length when there is none.
    pub tail: usize,
}

pub(crate) struct Layout<'a> {
    pub src: &'a Source<'a>,
    pub comments: &'a [Comment],
    pub doc: Doc,
    pub colls: Map<Id, Coll>,
    pub scalars: Map<Id, BlockScalar>,
    pub slots: Map<Slot, Vec<usize>>,
    /// Trailing comments by the end offset of the token they follow.
    pub trailing: Map<usize, usize>,
    /// The slot of each own-line comment.
    pub slot_of: Vec<Option<Slot>>,
    /// How many comments at the head of the root's first item slot are the document's header:
    /// they stay at the top whatever the key order.
    pub header_len: usize,
    /// Block collections: end of the last line that belongs to them, their end comments
    /// included (where a `fdl-fmt: off` without `on` stops).
    pub tail_ends: Map<Id, usize>,
    /// Lines that are trailing empty lines of a `+` block scalar (part of its value).
    keep_lines: Vec<(usize, usize)>,
    events: Vec<Event>,
    /// Regions printed as written: comments there are not attached to slots.
    verbatim: Vec<(usize, usize)>,
}

/// Number of entries written in the mapping itself: the entries merged in by `<<` follow them
/// and point at other text.
pub(crate) fn own_len(node: &Node, entries: &[Entry]) -> usize {
    let mut end = node.span.start;
    for (i, e) in entries.iter().enumerate() {
        let s = e.key.span.start;
        if s < end || s > node.span.end {
            return i;
        }
        end = e.key.span.end.max(e.value.span.end);
    }
    entries.len()
}

/// The entries written in the mapping itself (see `own_len`).
pub(crate) fn own_entries<'n>(node: &Node, entries: &'n [Entry]) -> &'n [Entry] {
    &entries[..own_len(node, entries)]
}

/// True for `fdl-fmt: off` (`on` when `on` is true) comments, whatever the spacing.
pub(crate) fn is_directive(comment: &Comment, on: bool) -> bool {
    if !comment.own_line {
        return false;
    }
    let word: String = comment
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    word == if on { "fdl-fmt:on" } else { "fdl-fmt:off" }
}

/// The anchor and tag written before a node, in source order.
pub(crate) struct Props {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl<'a> Layout<'a> {
    pub fn new(
        src: &'a Source<'a>,
        parsed: &'a fdl_syntax::Parsed,
        contexts: &Map<Id, Context>,
        reorder: bool,
    ) -> Layout<'a> {
        let text = src.text;
        let mut tail = text.len();
        if let Some(e) = parsed
            .errors
            .iter()
            .find(|e| e.kind == SyntaxErrorKind::MultipleDocuments)
        {
            let mut line = src.line_of(e.span.start);
            while line > 0 && src.line(line - 1).starts_with('%') {
                line -= 1;
            }
            tail = src.line_start(line).min(text.len());
        }
        let mut lay = Layout {
            src,
            comments: &parsed.comments,
            doc: Doc {
                bom: text.starts_with('\u{feff}'),
                marker: None,
                end_marker: None,
                tail,
            },
            colls: Map::default(),
            scalars: Map::default(),
            slots: Map::default(),
            trailing: Map::default(),
            slot_of: vec![None; parsed.comments.len()],
            header_len: 0,
            tail_ends: Map::default(),
            keep_lines: Vec::new(),
            events: Vec::new(),
            verbatim: Vec::new(),
        };
        let root = parsed.root.as_ref();
        let root_start = root.map(|r| lay.node_start(r, 0));
        lay.doc.marker = lay.find_marker(root_start.unwrap_or(tail));
        if let Some(root) = root {
            if !is_block_coll(text, root) {
                lay.events.push(Event {
                    pos: root_start.unwrap_or(0),
                    ev: Ev::Value(id(root)),
                });
            }
            lay.walk(root, 0);
            let end = lay.extent(root);
            lay.doc.end_marker = lay.find_end_marker(end);
        }
        let doc_end = lay.doc.end_marker.map_or(usize::MAX - 1, |m| m.start);
        lay.events.push(Event {
            pos: doc_end,
            ev: Ev::DocEnd,
        });
        lay.events.push(Event {
            pos: usize::MAX,
            ev: Ev::AfterDoc,
        });
        lay.events.sort_by_key(|e| e.pos);
        lay.keep_lines.sort_unstable();
        lay.verbatim.sort_unstable();
        lay.assign();
        lay.mark_off();
        if let Some(root) = root {
            lay.split_header(root);
            if reorder {
                lay.reorder(root, contexts);
            }
        }
        lay
    }

    /// Comments (indices) of a slot, in source order.
    pub fn slot(&self, slot: Slot) -> &[usize] {
        self.slots.get(&slot).map_or(&[], |v| v.as_slice())
    }

    /// True when the line above `pos` is blank and is not part of a `+` block scalar.
    pub fn blank_before(&self, pos: usize) -> bool {
        let line = self.src.line_of(pos);
        if line == 0 {
            return false;
        }
        let prev = line - 1;
        if !self.src.is_blank(prev) {
            return false;
        }
        // `keep_lines` are sorted and do not overlap.
        let i = self.keep_lines.partition_point(|&(a, _)| a <= prev);
        !(i > 0 && prev < self.keep_lines[i - 1].1)
    }

    /// The anchor and tag written before `node`, looked for between `from` and the node.
    pub fn props(&self, node: &Node, from: usize) -> Option<Props> {
        if node.alias_of.is_some() || (node.anchor.is_none() && node.tag.is_none()) {
            return None;
        }
        let b = self.src.bytes();
        let to = node.span.start.min(b.len());
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut p = from.min(to);
        while p < to {
            match b[p] {
                b' ' | b'\t' | b'\r' | b'\n' => p += 1,
                b'#' if p == 0 || matches!(b[p - 1], b' ' | b'\t' | b'\r' | b'\n') => {
                    while p < to && b[p] != b'\n' {
                        p += 1;
                    }
                }
                c => {
                    let s = p;
                    while p < to && !matches!(b[p], b' ' | b'\t' | b'\r' | b'\n') {
                        p += 1;
                    }
                    if c == b'&' || c == b'!' {
                        tokens.push((s, p));
                    } else {
                        tokens.clear();
                    }
                }
            }
        }
        let text = self.src.text;
        let anchor_ok = match &node.anchor {
            Some(a) => tokens.iter().any(|&(s, e)| text[s..e] == format!("&{a}")),
            None => true,
        };
        let tag_ok = match &node.tag {
            Some(t) => tokens.iter().any(|&(s, e)| &text[s..e] == t),
            None => true,
        };
        let expected = usize::from(node.anchor.is_some()) + usize::from(node.tag.is_some());
        if anchor_ok && tag_ok && tokens.len() == expected {
            let parts: Vec<&str> = tokens.iter().map(|&(s, e)| &text[s..e]).collect();
            return Some(Props {
                text: parts.join(" "),
                start: tokens[0].0,
                end: tokens[tokens.len() - 1].1,
            });
        }
        // Not found where expected: write them from the tree.
        let mut parts = Vec::new();
        if let Some(t) = &node.tag {
            parts.push(t.clone());
        }
        if let Some(a) = &node.anchor {
            parts.push(format!("&{a}"));
        }
        Some(Props {
            text: parts.join(" "),
            start: to,
            end: to,
        })
    }

    /// First byte of a node as written: its anchor or tag if it has some.
    pub fn node_start(&self, node: &Node, from: usize) -> usize {
        match self.props(node, from) {
            Some(p) if p.start < p.end => p.start,
            _ => node.span.start,
        }
    }

    /// Where the text written for `node` ends (a flow collection's closing bracket included).
    pub fn extent(&self, node: &Node) -> usize {
        if node.alias_of.is_some() {
            return node.span.end;
        }
        if let Some(c) = self.colls.get(&id(node)) {
            return c.end.max(node.span.end);
        }
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let own = own_entries(node, entries);
                if is_flow(self.src.text, node) {
                    return self.find_close(node, b'}').map_or(node.span.end, |c| c + 1);
                }
                own.last()
                    .map_or(node.span.end, |e| self.extent(&e.value).max(e.key.span.end))
                    .max(node.span.end)
            }
            NodeKind::Sequence(items) => {
                if is_flow(self.src.text, node) {
                    return self.find_close(node, b']').map_or(node.span.end, |c| c + 1);
                }
                items
                    .last()
                    .map_or(node.span.end, |i| self.extent(i))
                    .max(node.span.end)
            }
            _ => node.span.end,
        }
    }

    /// The closing bracket of a flow collection.
    fn find_close(&self, node: &Node, close: u8) -> Option<usize> {
        let b = self.src.bytes();
        let last = match &node.kind {
            NodeKind::Mapping(entries) => own_entries(node, entries)
                .last()
                .map(|e| self.extent(&e.value).max(e.key.span.end)),
            NodeKind::Sequence(items) => items.last().map(|i| self.extent(i)),
            _ => None,
        };
        let mut p = last.unwrap_or(node.span.start + 1);
        loop {
            p = self.src.skip_trivia(p);
            if b.get(p) == Some(&b',') {
                p += 1;
                continue;
            }
            break;
        }
        (b.get(p) == Some(&close)).then_some(p)
    }

    fn find_marker(&self, limit: usize) -> Option<Span> {
        let src = self.src;
        for line in 0..src.line_count() {
            let start = src.line_start(line);
            if start >= limit && start > 0 {
                return None;
            }
            let l = src.line(line);
            let t = l.trim_start();
            let end_marker =
                l.starts_with("...") && l[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t');
            if t.is_empty() || t.starts_with('#') || l.starts_with('%') || end_marker {
                continue;
            }
            if l.starts_with("---") && l[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
                return Some(Span::new(start, start + 3));
            }
            return None;
        }
        None
    }

    fn find_end_marker(&self, root_end: usize) -> Option<Span> {
        let src = self.src;
        // An empty node can sit at the start of the next line: the root's text ends before.
        let first = src.line_of(root_end.saturating_sub(1)) + 1;
        for line in first..src.line_count() {
            let start = src.line_start(line);
            if start >= self.doc.tail {
                return None;
            }
            let l = src.line(line);
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if l.starts_with("...") && l[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
                return Some(Span::new(start, start + 3));
            }
            return None;
        }
        None
    }

    fn push(&mut self, pos: usize, ev: Ev) {
        self.events.push(Event { pos, ev });
    }

    /// Records the layout of `node` and below, with the events comments are attached to.
    /// `parent_col` is the source column of the key or `-` the node is the value of. Returns
    /// where the node's text ends.
    fn walk(&mut self, node: &Node, parent_col: usize) -> usize {
        if node.alias_of.is_some() {
            return node.span.end;
        }
        let text = self.src.text;
        match &node.kind {
            NodeKind::Scalar(s)
                if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) =>
            {
                let bs = self.block_scalar(node, parent_col);
                let end = match (bs.keep, bs.last_content) {
                    (true, _) if bs.end_line > bs.first_line => self.src.line_end(bs.end_line - 1),
                    (_, Some(l)) => self.src.line_end(l),
                    _ => bs.header_end,
                };
                if bs.keep && bs.end_line > bs.first_line {
                    let from = bs.last_content.map_or(bs.first_line, |l| l + 1);
                    self.keep_lines.push((from, bs.end_line));
                }
                self.scalars.insert(id(node), bs);
                end.max(node.span.end)
            }
            NodeKind::Mapping(entries) if is_flow(text, node) => self.flow(node, entries, &[]),
            NodeKind::Sequence(items) if is_flow(text, node) => self.flow(node, &[], items),
            NodeKind::Mapping(entries) => self.block_map(node, entries),
            NodeKind::Sequence(items) => self.block_seq(node, items),
            _ => node.span.end,
        }
    }

    fn block_map(&mut self, node: &Node, entries: &[Entry]) -> usize {
        let own = own_entries(node, entries);
        let mut items = Vec::with_capacity(own.len());
        for e in own {
            match self.block_entry(e) {
                Some(item) => items.push(item),
                None => break,
            }
        }
        if items.is_empty() || items.len() < own.len() {
            return self.exotic_block(node);
        }
        let cid = id(node);
        let col = self.src.col(items[0].start);
        let mut end = node.span.end;
        for (i, e) in own.iter().enumerate() {
            self.push(items[i].start, Ev::Item(cid, i, col));
            if !is_block_coll(self.src.text, &e.value) {
                let at = self.node_start(&e.value, items[i].ind_end);
                self.push(at, Ev::Value(id(&e.value)));
            }
            let v_end = self
                .walk(&e.value, col)
                .max(e.value.span.end)
                .max(items[i].ind_end);
            items[i].end = v_end;
            end = end.max(v_end);
        }
        self.push(end, Ev::End(cid, col));
        let start = items[0].start;
        self.tail_ends.insert(cid, self.line_end_at(end));
        self.colls.insert(
            cid,
            Coll {
                flow: false,
                col,
                items,
                open: start,
                start,
                end,
                exotic: false,
                order: None,
                off: false,
            },
        );
        end
    }

    /// A block mapping entry, or `None` for what the printer does not lay out (explicit `?`
    /// keys, keys that are collections or span lines).
    fn block_entry(&self, e: &Entry) -> Option<Item> {
        let key = &e.key;
        let b = self.src.bytes();
        let scalar_key = matches!(key.kind, NodeKind::Scalar(_)) || key.alias_of.is_some();
        if !scalar_key || key.span.is_empty() || self.src.text[key.span.range()].contains('\n') {
            return None;
        }
        let line_start = self.src.line_start(self.src.line_of(key.span.start));
        let start = match self.props(key, line_start) {
            Some(p) if p.start < p.end => p.start,
            Some(_) => return None,
            None => key.span.start,
        };
        // An explicit key (`? key`) is laid out as written.
        let before = b[line_start..start]
            .iter()
            .rev()
            .find(|&&c| c != b' ' && c != b'\t');
        if before.is_some_and(|&c| c != b'-') {
            return None;
        }
        let colon = self.src.skip_spaces(key.span.end);
        if b.get(colon) != Some(&b':') || e.value.span.start < colon + 1 {
            return None;
        }
        Some(Item {
            start,
            ind_end: colon + 1,
            sep_end: None,
            end: 0,
        })
    }

    /// A block sequence.
    fn block_seq(&mut self, node: &Node, elems: &[Node]) -> usize {
        let b = self.src.bytes();
        // A block sequence starts at its first `-`.
        let first = node.span.start;
        let mut dashes = Vec::with_capacity(elems.len());
        let mut prev_end = first;
        for (i, el) in elems.iter().enumerate() {
            let dash = if i == 0 {
                first
            } else {
                self.src.skip_trivia(prev_end)
            };
            let next = b.get(dash + 1).copied();
            if b.get(dash) != Some(&b'-')
                || !matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n'))
                || el.span.start < dash + 1
            {
                return self.exotic_block(node);
            }
            dashes.push(dash);
            prev_end = self.extent(el).max(dash + 1);
        }
        if dashes.is_empty() {
            return self.exotic_block(node);
        }
        let cid = id(node);
        let col = self.src.col(dashes[0]);
        let mut items = Vec::with_capacity(elems.len());
        let mut end = node.span.end;
        for (i, el) in elems.iter().enumerate() {
            let dash = dashes[i];
            self.push(dash, Ev::Item(cid, i, col));
            if !is_block_coll(self.src.text, el) {
                let at = self.node_start(el, dash + 1);
                self.push(at, Ev::Value(id(el)));
            }
            let v_end = self.walk(el, col).max(el.span.end).max(dash + 1);
            end = end.max(v_end);
            items.push(Item {
                start: dash,
                ind_end: dash + 1,
                sep_end: None,
                end: v_end,
            });
        }
        self.push(end, Ev::End(cid, col));
        self.tail_ends.insert(cid, self.line_end_at(end));
        self.colls.insert(
            cid,
            Coll {
                flow: false,
                col,
                items,
                open: dashes[0],
                start: dashes[0],
                end,
                exotic: false,
                order: None,
                off: false,
            },
        );
        end
    }

    /// A block collection printed as written.
    fn exotic_block(&mut self, node: &Node) -> usize {
        let cid = id(node);
        let b = self.src.bytes();
        // The first item may start with `?` before the span.
        let mut start = node.span.start;
        let line_start = self.src.line_start(self.src.line_of(start));
        if let Some(q) = b[line_start..start].iter().rposition(|&c| c == b'?') {
            let q = line_start + q;
            if b[q + 1..start].iter().all(|&c| c == b' ' || c == b'\t') {
                start = q;
            }
        }
        // An empty key or value can sit after the last line break (even at the start of a
        // next document): the text ends at the last token before that.
        let mut end = self.extent(node).max(node.span.end).min(self.doc.tail);
        while end > start && matches!(b[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
            end -= 1;
        }
        let col = self.src.col(start);
        self.push(start, Ev::Item(cid, 0, col));
        self.push(end, Ev::End(cid, col));
        self.verbatim.push((start, end));
        self.tail_ends.insert(cid, self.line_end_at(end));
        self.colls.insert(
            cid,
            Coll {
                flow: false,
                col,
                items: Vec::new(),
                open: start,
                start,
                end,
                exotic: true,
                order: None,
                off: false,
            },
        );
        end
    }

    fn flow(&mut self, node: &Node, entries: &[Entry], elems: &[Node]) -> usize {
        let b = self.src.bytes();
        let is_map = matches!(node.kind, NodeKind::Mapping(_));
        let cid = id(node);
        let open = node.span.start;
        let close = self.find_close(node, if is_map { b'}' } else { b']' });
        let Some(close) = close else {
            // Not understood: keep the node as written up to its span's end.
            return self.exotic_flow(node, open, node.span.end);
        };
        let end = close + 1;
        // The pieces of each item: (start, indicator end, value or key, key).
        let mut items: Vec<Item> = Vec::new();
        let mut values: Vec<&Node> = Vec::new();
        let mut prev = open + 1;
        let own = if is_map {
            own_entries(node, entries)
        } else {
            &[]
        };
        let count = if is_map { own.len() } else { elems.len() };
        let mut ok = true;
        for i in 0..count {
            let (key, value) = if is_map {
                (Some(&own[i].key), &own[i].value)
            } else {
                match pair(self.src.text, &elems[i]) {
                    Some(e) => (Some(&e.key), &e.value),
                    None => (None, &elems[i]),
                }
            };
            let item = match key {
                Some(k) => self.flow_entry(k, value, prev, !is_map),
                None => {
                    let start = self.node_start(value, prev);
                    Some(Item {
                        start,
                        ind_end: start,
                        sep_end: None,
                        end: 0,
                    })
                }
            };
            let Some(mut item) = item else {
                ok = false;
                break;
            };
            item.end = self
                .extent(value)
                .max(value.span.end)
                .max(key.map_or(0, |k| k.span.end));
            let after = self.src.skip_trivia(item.end);
            if b.get(after) == Some(&b',') {
                item.sep_end = Some(after + 1);
                prev = after + 1;
            } else {
                prev = item.end;
            }
            items.push(item);
            values.push(value);
        }
        let directive = self
            .comments_in(open, end)
            .any(|c| is_directive(c, false) || is_directive(c, true));
        if !ok || directive {
            return self.exotic_flow(node, open, end);
        }
        for (i, value) in values.iter().enumerate() {
            self.push(items[i].start, Ev::FlowItem(cid, i));
            self.walk(value, self.src.col(items[i].start));
        }
        self.push(close, Ev::FlowEnd(cid));
        self.colls.insert(
            cid,
            Coll {
                flow: true,
                col: self.src.col(open),
                items,
                open,
                start: open,
                end,
                exotic: false,
                order: None,
                off: false,
            },
        );
        end
    }

    /// A `key: value` of a flow mapping (or a single pair in a flow sequence, `pair`), or
    /// `None` for what is printed as written.
    fn flow_entry(&self, key: &Node, value: &Node, from: usize, pair: bool) -> Option<Item> {
        let b = self.src.bytes();
        let scalar_key = matches!(key.kind, NodeKind::Scalar(_)) || key.alias_of.is_some();
        if !scalar_key || key.span.is_empty() || self.src.text[key.span.range()].contains('\n') {
            return None;
        }
        let start = self.node_start(key, from);
        if b[from.min(start)..start].contains(&b'?') {
            return None;
        }
        let colon = self.src.skip_trivia(key.span.end);
        let ind_end = match b.get(colon) {
            Some(b':') => colon + 1,
            // `{a}`: a key without a value.
            Some(b',' | b'}') if !pair && is_empty_plain(value) => key.span.end,
            _ => return None,
        };
        if pair && is_empty_plain(value) {
            return None;
        }
        Some(Item {
            start,
            ind_end,
            sep_end: None,
            end: 0,
        })
    }

    fn exotic_flow(&mut self, node: &Node, open: usize, end: usize) -> usize {
        let cid = id(node);
        let end = end.min(self.doc.tail).max(open);
        self.verbatim.push((open, end));
        self.colls.insert(
            cid,
            Coll {
                flow: true,
                col: self.src.col(open),
                items: Vec::new(),
                open,
                start: open,
                end,
                exotic: true,
                order: None,
                off: false,
            },
        );
        end
    }

    fn block_scalar(&self, node: &Node, parent_col: usize) -> BlockScalar {
        let src = self.src;
        let b = src.bytes();
        let mut p = node.span.start + 1;
        let mut indicator = None;
        let mut keep = false;
        while p < node.span.end.max(node.span.start + 1) && p < b.len() {
            match b[p] {
                c @ b'1'..=b'9' => indicator = Some(usize::from(c - b'0')),
                b'+' => keep = true,
                b'-' => {}
                _ => break,
            }
            p += 1;
        }
        let header_end = p;
        let first_line = src.line_of(header_end) + 1;
        let mut content_col = indicator.map(|d| parent_col + d);
        let mut last_content = None;
        let mut line = first_line;
        let tail_line = if self.doc.tail < b.len() {
            src.line_of(self.doc.tail)
        } else {
            src.line_count()
        };
        // (The empty "line" after a final line break is not a line of the scalar.)
        while line < src.line_count() && line < tail_line && src.line_start(line) < b.len() {
            let l = src.line(line);
            let spaces = l.bytes().take_while(|&c| c == b' ').count();
            let all_spaces = spaces == l.len();
            match content_col {
                // Content is indented more than the key or `-` the scalar belongs to.
                None if !all_spaces && spaces <= parent_col => break,
                None if !all_spaces => {
                    content_col = Some(spaces);
                    last_content = Some(line);
                }
                None => {}
                Some(c) if !all_spaces && spaces < c => break,
                Some(c) if !all_spaces || l.len() > c => last_content = Some(line),
                Some(_) => {}
            }
            line += 1;
        }
        // Trailing empty lines belong to the scalar only when it keeps them.
        let end_line = if keep {
            line
        } else {
            last_content.map_or(first_line, |l| l + 1)
        };
        BlockScalar {
            header_end,
            indicator,
            keep,
            content_col,
            first_line,
            last_content,
            end_line,
        }
    }

    fn line_end_at(&self, pos: usize) -> usize {
        let line = self
            .src
            .line_of(pos.saturating_sub(1).max(self.src.line_start(0)));
        self.src.line_end(line).max(pos)
    }

    /// Comments starting in `start..end`.
    pub fn comments_in(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Comment> {
        let i = self.comments.partition_point(|c| c.span.start < start);
        self.comments[i..]
            .iter()
            .take_while(move |c| c.span.start < end)
    }

    /// Indices of the comments starting in `start..end`.
    pub fn comment_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let i = self.comments.partition_point(|c| c.span.start < start);
        let j = self.comments.partition_point(|c| c.span.start < end);
        i..j.max(i)
    }

    fn in_verbatim(&self, pos: usize) -> bool {
        // The regions do not overlap: only the last one starting at or before `pos` can hold it.
        let i = self.verbatim.partition_point(|&(s, _)| s <= pos);
        i > 0 && pos < self.verbatim[i - 1].1
    }

    /// Attaches every comment to a slot or to the token it trails.
    fn assign(&mut self) {
        let b = self.src.bytes();
        let prefix_end = self.doc.marker.map_or(0, |m| m.start);
        // (index of the next event, chosen candidate) of the previous own-line comment.
        let mut gap: Option<(usize, usize)> = None;
        for (ci, c) in self.comments.iter().enumerate() {
            let at = c.span.start;
            if at >= self.doc.tail {
                break;
            }
            if at < prefix_end || self.in_verbatim(at) {
                continue;
            }
            if !c.own_line {
                let mut end = at;
                // (A lone `\r` is a line break to YAML: skip it too.)
                while end > 0 && matches!(b[end - 1], b' ' | b'\t' | b'\r') {
                    end -= 1;
                }
                self.trailing.insert(end, ci);
                continue;
            }
            let next = self.events.partition_point(|e| e.pos <= at);
            let mut lo = next;
            while lo > 0 && matches!(self.events[lo - 1].ev, Ev::End(..)) {
                lo -= 1;
            }
            let cursor = match gap {
                Some((g, cur)) if g == next => cur,
                _ => lo,
            };
            let col = self.src.col(at);
            let mut best: Option<(usize, usize)> = None;
            for t in cursor..=next {
                let ccol = match self.events[t].ev {
                    Ev::End(_, col) | Ev::Item(_, _, col) => col,
                    _ => 0,
                };
                if ccol <= col && best.is_none_or(|(bc, _)| ccol >= bc) {
                    best = Some((ccol, t));
                }
            }
            let chosen = best.map_or(next, |(_, t)| t);
            gap = Some((next, chosen));
            let slot = match self.events[chosen].ev {
                Ev::Item(cid, i, _) => Slot::Before(cid, i),
                Ev::End(cid, _) | Ev::FlowEnd(cid) => Slot::End(cid),
                Ev::FlowItem(cid, i) => Slot::Before(cid, i),
                Ev::Value(v) => Slot::Value(v),
                Ev::DocEnd => Slot::DocEnd,
                Ev::AfterDoc => Slot::AfterDoc,
            };
            // The blocks that end here up to the chosen one now reach down to this comment.
            for t in chosen..next {
                if let Ev::End(cid, _) = self.events[t].ev {
                    let e = self.tail_ends.entry(cid).or_insert(0);
                    *e = (*e).max(c.span.end);
                }
            }
            self.slots.entry(slot).or_default().push(ci);
            self.slot_of[ci] = Some(slot);
        }
    }

    /// Marks the collections with a `fdl-fmt: off` between their items.
    fn mark_off(&mut self) {
        let mut marked = Vec::new();
        for (slot, list) in &self.slots {
            let cid = match *slot {
                Slot::Before(cid, _) | Slot::End(cid) => cid,
                _ => continue,
            };
            if list.iter().any(|&c| is_directive(&self.comments[c], false)) {
                marked.push(cid);
            }
        }
        for cid in marked {
            if let Some(c) = self.colls.get_mut(&cid) {
                c.off = true;
            }
        }
    }

    /// Splits the comments above the root's first item: those separated from it by a blank
    /// line (or all of them, when none is) are the document's header and stay on top.
    fn split_header(&mut self, root: &Node) {
        let cid = id(root);
        let Some(coll) = self.colls.get(&cid) else {
            return;
        };
        if coll.exotic || coll.flow {
            return;
        }
        let first_start = coll.items[0].start;
        let slot = self.slot(Slot::Before(cid, 0));
        if slot.is_empty() {
            return;
        }
        let n = slot.len();
        self.header_len = if self.blank_before(first_start) {
            n
        } else {
            (1..n)
                .rev()
                .find(|&k| self.blank_before(self.comments[slot[k]].span.start))
                .unwrap_or(n)
        };
    }

    /// Decides which mappings are printed in the catalogue's key order.
    fn reorder(&mut self, root: &Node, contexts: &Map<Id, Context>) {
        let has_alias = {
            let mut found = false;
            root.walk(|n| found |= n.alias_of.is_some());
            found
        };
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.alias_of.is_some() {
                continue;
            }
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    let own = own_entries(node, entries);
                    for e in own {
                        stack.push(&e.value);
                    }
                    if let Some(ctx) = contexts.get(&id(node)) {
                        self.reorder_mapping(node, entries, *ctx, has_alias);
                    }
                }
                NodeKind::Sequence(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }

    fn reorder_mapping(&mut self, node: &Node, entries: &[Entry], ctx: Context, has_alias: bool) {
        let cid = id(node);
        let own = own_entries(node, entries);
        let Some(coll) = self.colls.get(&cid) else {
            return;
        };
        if coll.exotic || own.len() < entries.len() || own.len() < 2 {
            return;
        }
        if own.iter().any(|e| {
            e.key.tag.is_none()
                && e.key.alias_of.is_none()
                && e.key
                    .as_scalar()
                    .is_some_and(|s| s.style == ScalarStyle::Plain && s.value == "<<")
        }) {
            return;
        }
        // A `fdl-fmt: off` between the items keeps their order.
        if coll.off {
            return;
        }
        let fields = ctx.fields();
        let rank = |e: &Entry| -> usize {
            if e.key.alias_of.is_some() {
                return fields.len();
            }
            e.key
                .scalar_text()
                .and_then(|k| fields.iter().position(|f| f.name == k))
                .unwrap_or(fields.len())
        };
        let ranks: Vec<usize> = own.iter().map(rank).collect();
        if ranks.windows(2).all(|w| w[0] <= w[1]) {
            return;
        }
        let mut order: Vec<usize> = (0..own.len()).collect();
        order.sort_by_key(|&i| ranks[i]);
        if has_alias && !aliases_keep_anchors(self.src.text, own, &order) {
            return;
        }
        if let Some(c) = self.colls.get_mut(&cid) {
            c.order = Some(order);
        }
    }

    /// The lines (first, last) of the regions of a block left as written by `fdl-fmt: off`, as
    /// the printer finds them: from each `off` to the next `on` among the block's comments, or
    /// to the end of the block.
    pub fn off_lines(&self, cid: Id) -> Vec<(usize, usize)> {
        let Some(coll) = self.colls.get(&cid).filter(|c| c.off) else {
            return Vec::new();
        };
        let n = coll.items.len();
        let comments: Vec<usize> = (0..n)
            .map(|j| Slot::Before(cid, j))
            .chain([Slot::End(cid)])
            .flat_map(|slot| self.slot(slot).iter().copied())
            .collect();
        let mut regions = Vec::new();
        let mut open: Option<usize> = None;
        for ci in comments {
            let c = &self.comments[ci];
            match open {
                None if is_directive(c, false) => open = Some(self.src.line_of(c.span.start)),
                Some(first) if is_directive(c, true) => {
                    regions.push((first, self.src.line_of(c.span.start)));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(first) = open {
            let end = self.tail_ends.get(&cid).copied().unwrap_or(coll.end);
            regions.push((first, self.src.line_of(end)));
        }
        regions
    }

    /// True when a `fdl-fmt: off` comment sits between the items of the collection.
    pub fn has_off(&self, cid: Id) -> bool {
        self.colls.get(&cid).is_some_and(|c| c.off)
    }
}

/// True when printing `entries` in `order` keeps every alias on the same side of each anchor
/// of that name defined under another entry, so every alias still refers to the same node.
fn aliases_keep_anchors(text: &str, entries: &[Entry], order: &[usize]) -> bool {
    let mut defs: Vec<HashSet<&str>> = Vec::with_capacity(entries.len());
    let mut uses: Vec<HashSet<&str>> = Vec::with_capacity(entries.len());
    for e in entries {
        let mut d = HashSet::new();
        let mut u = HashSet::new();
        let mut stack = vec![&e.key, &e.value];
        while let Some(n) = stack.pop() {
            if n.alias_of.is_some() {
                u.insert(text[n.span.range()].trim_start_matches('*'));
                continue;
            }
            if let Some(a) = &n.anchor {
                d.insert(a.as_str());
            }
            match &n.kind {
                NodeKind::Mapping(es) => {
                    for e in own_entries(n, es) {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
                NodeKind::Sequence(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
        defs.push(d);
        uses.push(u);
    }
    let mut position = vec![0; entries.len()];
    for (p, &i) in order.iter().enumerate() {
        position[i] = p;
    }
    (0..entries.len()).all(|i| {
        (0..entries.len()).all(|j| {
            i == j
                || !uses[i].iter().any(|a| defs[j].contains(a))
                || (i < j) == (position[i] < position[j])
        })
    })
}

/// A flow collection (`[...]`, `{...}`); a block mapping whose first key is a flow collection
/// starts with a bracket too, but at its key.
pub(crate) fn is_flow(text: &str, node: &Node) -> bool {
    let b = text.as_bytes();
    match &node.kind {
        NodeKind::Sequence(_) => b.get(node.span.start) == Some(&b'['),
        NodeKind::Mapping(entries) => {
            b.get(node.span.start) == Some(&b'{')
                && entries
                    .first()
                    .is_none_or(|e| e.key.span.start > node.span.start)
        }
        _ => false,
    }
}

/// A block mapping or sequence (not an alias).
pub(crate) fn is_block_coll(text: &str, node: &Node) -> bool {
    node.alias_of.is_none()
        && matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_))
        && !is_flow(text, node)
}

/// A single `key: value` pair written inside a flow sequence (`[a: 1]`): a mapping that does
/// not start with `{`.
pub(crate) fn pair<'n>(text: &str, node: &'n Node) -> Option<&'n Entry> {
    match &node.kind {
        NodeKind::Mapping(entries)
            if node.alias_of.is_none() && !is_flow(text, node) && entries.len() == 1 =>
        {
            entries.first()
        }
        _ => None,
    }
}

/// An empty plain scalar without anchor or tag (a null written as nothing).
pub(crate) fn is_empty_plain(node: &Node) -> bool {
    node.alias_of.is_none()
        && node.anchor.is_none()
        && node.tag.is_none()
        && node
            .as_scalar()
            .is_some_and(|s| s.style == ScalarStyle::Plain && s.value.is_empty())
        && node.span.is_empty()
}
