//! The printer: writes the tree back out in the canonical shape, taking every scalar, tag,
//! anchor and comment from the source text.

use fdl_syntax::{Comment, Node, NodeKind, ScalarStyle};

use crate::layout::{
    Id, Item, Layout, Slot, id, is_block_coll, is_directive, is_empty_plain, own_entries, pair,
};
use crate::source::Source;

pub(crate) struct Printer<'a> {
    lay: &'a Layout<'a>,
    src: &'a Source<'a>,
    comments: &'a [Comment],
    pub out: String,
    nl: &'static str,
    width: usize,
    consumed: Vec<bool>,
    /// Nothing printed yet in the current block: a blank line here would be dropped.
    fresh: bool,
    /// A blank line is due before the next line.
    blank: bool,
    /// The last lines printed end a `+` block scalar: a blank line here would join its value.
    after_keep: bool,
    root: Option<Id>,
}

impl<'a> Printer<'a> {
    pub fn new(lay: &'a Layout<'a>, nl: &'static str, width: usize) -> Printer<'a> {
        Printer {
            lay,
            src: lay.src,
            comments: lay.comments,
            out: String::with_capacity(lay.src.text.len() + lay.src.text.len() / 8),
            nl,
            width,
            consumed: vec![false; lay.comments.len()],
            fresh: true,
            blank: false,
            after_keep: false,
            root: None,
        }
    }

    /// Prints the whole document; returns the text and the number of comments left out (0
    /// unless there is a bug). `None` when the document is one the printer keeps as it is (a
    /// root block scalar, a root collection starting on the `---` line).
    pub fn document(mut self, root: Option<&'a Node>) -> Option<(String, usize)> {
        if self.lay.doc.bom {
            self.out.push('\u{feff}');
        }
        match root {
            None => self.no_root(),
            Some(r) => self.root(r)?,
        }
        let tail = self.lay.doc.tail;
        self.out.push_str(&self.src.text[tail..]);
        let lost = self.unprinted();
        Some((self.out, lost))
    }

    /// Prints items `first..=last` (source order) of the block collection `node` at its
    /// source column, for range formatting. Returns the text, without its last line break, the
    /// source range it replaces (whole lines, or from the item on when it follows a `- `), and
    /// the length of the text of the items alone (without the comments after them).
    /// `None` when the items cannot be printed on their own.
    pub fn items(
        mut self,
        node: &'a Node,
        first: usize,
        last: usize,
    ) -> Option<(String, std::ops::Range<usize>, usize)> {
        let lay = self.lay;
        let src = self.src;
        let cid = id(node);
        let coll = lay.colls.get(&cid)?;
        if coll.exotic || coll.flow || last >= coll.items.len() || first > last {
            return None;
        }
        let indent = coll.col;
        let item0 = &coll.items[first];
        let inline = !src.first_on_line(item0.start);
        let leading = lay.slot(Slot::Before(cid, first)).first();
        let start = match leading {
            _ if inline => item0.start,
            Some(&c) => src.line_start(src.line_of(self.comments[c].span.start.min(item0.start))),
            None => src.line_start(src.line_of(item0.start)),
        };
        let off = lay.has_off(cid);
        let mut i = first;
        let mut end = item0.end;
        while i <= last {
            end = end.max(coll.items[i].end);
            if off && let Some(next) = self.off_region(node, i, indent) {
                i = next;
                continue;
            }
            self.item(node, i, indent, i == first && inline);
            i += 1;
        }
        for (ci, done) in self.consumed.iter().enumerate() {
            if *done {
                end = end.max(self.comments[ci].span.end);
            }
        }
        let mut end = src.line_end(src.line_of(end)).max(end);
        let items_len = self.out.len().saturating_sub(self.nl.len());
        // The comments between the items and the next entry belong to enclosing blocks (or
        // the next entry): printed at the indentation of their block, they still belong to it
        // once the items are re-indented.
        for ci in lay.comment_range(end, src.text.len()) {
            let c = &self.comments[ci];
            let between = &src.text[end.min(c.span.start)..c.span.start];
            if !between
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            {
                break;
            }
            let col = match lay.slot_of[ci] {
                Some(Slot::Before(owner, _) | Slot::End(owner)) => match lay.colls.get(&owner) {
                    Some(c) => c.col,
                    None => break,
                },
                Some(Slot::DocEnd) => 0,
                _ => break,
            };
            self.own_comment(ci, col);
            end = c.span.end;
        }
        if lay.comment_range(start, end).any(|ci| !self.consumed[ci]) {
            return None;
        }
        let mut text = self.out;
        if text.ends_with(self.nl) {
            text.truncate(text.len() - self.nl.len());
        }
        Some((text, start..end, items_len))
    }

    /// Comments not printed.
    fn unprinted(&self) -> usize {
        let tail = self.lay.doc.tail;
        self.comments
            .iter()
            .zip(&self.consumed)
            .filter(|(c, done)| !**done && c.span.start < tail)
            .count()
    }

    // ---- output primitives ----

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn begin_line(&mut self, indent: usize) {
        if self.blank && !self.fresh && !self.after_keep {
            self.out.push_str(self.nl);
        }
        self.blank = false;
        self.fresh = false;
        self.after_keep = false;
        self.spaces(indent);
    }

    fn end_line(&mut self) {
        self.out.push_str(self.nl);
    }

    /// Current column of the output, in display columns.
    fn col(&self) -> usize {
        let line = self.out.rsplit('\n').next().unwrap_or("");
        width(line)
    }

    fn consume(&mut self, start: usize, end: usize) {
        for ci in self.lay.comment_range(start, end) {
            self.consumed[ci] = true;
        }
    }

    fn own_comment(&mut self, ci: usize, indent: usize) {
        let blank = self.lay.blank_before(self.comments[ci].span.start);
        self.comment_line(ci, indent, blank);
    }

    /// Prints comment `ci` on a line of its own, after a blank line if `blank`.
    fn comment_line(&mut self, ci: usize, indent: usize, blank: bool) {
        if self.consumed[ci] {
            return;
        }
        self.consumed[ci] = true;
        let c = &self.comments[ci];
        if blank {
            self.blank = true;
        }
        self.begin_line(indent);
        self.push("#");
        self.push(c.text.trim_end());
        self.end_line();
    }

    fn slot_comments(&mut self, slot: Slot, indent: usize) {
        let list = self.lay.slot(slot);
        for &ci in list {
            self.own_comment(ci, indent);
        }
    }

    fn has_trailing(&self, pos: usize) -> bool {
        self.lay
            .trailing
            .get(&pos)
            .is_some_and(|&ci| !self.consumed[ci])
    }

    /// Prints the trailing comments of the tokens ending at `marks`: the first on the current
    /// line, any other on a line of its own at `indent`.
    fn trail_marks(&mut self, marks: &[usize], indent: usize) {
        let mut first = true;
        for &m in marks {
            let Some(&ci) = self.lay.trailing.get(&m) else {
                continue;
            };
            if self.consumed[ci] {
                continue;
            }
            self.consumed[ci] = true;
            if first {
                self.push(" #");
                first = false;
            } else {
                self.end_line();
                self.begin_line(indent);
                self.push("#");
            }
            let text = self.comments[ci].text.trim_end();
            self.push(text);
        }
    }

    fn trail(&mut self, pos: usize, indent: usize) {
        self.trail_marks(&[pos], indent);
    }

    // ---- document ----

    fn no_root(&mut self) {
        let tail = self.lay.doc.tail;
        let last = if tail < self.src.text.len() {
            self.src.line_of(tail)
        } else {
            self.src.line_count()
        };
        for line in 0..last {
            let l = self.src.line(line).trim();
            if l.is_empty() {
                self.blank = true;
            } else {
                self.begin_line(0);
                self.push(l);
                self.end_line();
            }
        }
        self.consume(0, tail);
    }

    fn root(&mut self, r: &'a Node) -> Option<()> {
        let lay = self.lay;
        let src = self.src;
        let marker = lay.doc.marker;
        self.root = Some(id(r));
        if let Some(m) = marker {
            for line in 0..src.line_of(m.start) {
                let l = src.line(line).trim();
                if l.is_empty() {
                    self.blank = true;
                } else {
                    self.begin_line(0);
                    self.push(l);
                    self.end_line();
                }
            }
            self.consume(0, m.start);
            self.begin_line(0);
            self.push("---");
        }
        let from = marker.map_or(src.line_start(0), |m| m.end);
        let props = lay.props(r, from);
        let start = props
            .as_ref()
            .filter(|p| p.start < p.end)
            .map_or(r.span.start, |p| p.start);
        let on_marker_line = marker.is_some_and(|m| src.line_of(m.start) == src.line_of(start));
        if r.as_scalar().is_some() {
            // A lone scalar is not a flow, and moving it could turn its text into a `---`
            // or `...` marker: the document is kept as written.
            return None;
        }
        if is_block_coll(src.text, r) {
            if marker.is_some_and(|m| src.line_of(m.start) == src.line_of(r.span.start)) {
                return None;
            }
            let mut marks = Vec::new();
            if let Some(m) = marker {
                marks.push(m.end);
            }
            if let Some(p) = &props {
                if on_marker_line {
                    self.push(" ");
                } else {
                    if marker.is_some() {
                        self.trail_marks(&marks, 0);
                        self.end_line();
                        marks.clear();
                    }
                    self.begin_line(0);
                }
                self.push(&p.text);
                marks.push(p.end);
            }
            if marker.is_some() || props.is_some() {
                self.trail_marks(&marks, 0);
                self.end_line();
            }
            self.fresh = true;
            self.block(r, 0, false);
        } else {
            let before: Vec<usize> = lay.slot(Slot::Value(id(r))).to_vec();
            let mut at_start = true;
            if let Some(m) = marker {
                if on_marker_line && before.is_empty() && !self.has_trailing(m.end) {
                    if !is_empty_plain(r) {
                        self.push(" ");
                    }
                    at_start = false;
                } else {
                    self.trail(m.end, 0);
                    self.end_line();
                }
            }
            if at_start {
                for ci in before {
                    self.own_comment(ci, 0);
                }
                if !is_empty_plain(r) || props.is_some() {
                    self.begin_line(0);
                }
            }
            let mut marks = Vec::new();
            if let Some(p) = &props {
                self.push(&p.text);
                if !is_empty_plain_content(r) {
                    self.push(" ");
                }
                marks.push(p.end);
            }
            let end = match &r.kind {
                NodeKind::Scalar(_) => {
                    let (s, e) = (r.span.start, r.span.end);
                    self.verbatim_inline(s, e, 0);
                    e
                }
                _ => self.flow_node_body(r, 0, 0),
            };
            marks.push(end);
            if !at_start || !is_empty_plain(r) || props.is_some() {
                self.trail_marks(&marks, 0);
                self.end_line();
            }
        }
        self.slot_comments(Slot::DocEnd, 0);
        if let Some(m) = lay.doc.end_marker {
            self.begin_line(0);
            self.push("...");
            self.trail(m.end, 0);
            self.end_line();
        }
        self.slot_comments(Slot::AfterDoc, 0);
        Some(())
    }

    // ---- block collections ----

    /// Prints a block collection whose items go at column `indent`. With `inline_first`, the
    /// first item continues the current line (after `- `), its comments already printed.
    fn block(&mut self, node: &'a Node, indent: usize, inline_first: bool) {
        let lay = self.lay;
        let cid = id(node);
        let Some(coll) = lay.colls.get(&cid) else {
            // Not laid out (cannot happen for a tree the layout walked): keep it as written.
            self.verbatim_inline(node.span.start, node.span.end, 0);
            self.end_line();
            return;
        };
        if coll.exotic {
            if !inline_first {
                self.slot_comments(Slot::Before(cid, 0), indent);
                if lay.blank_before(coll.start) {
                    self.blank = true;
                }
                self.begin_line(indent);
            }
            let delta = indent as isize - coll.col as isize;
            self.verbatim_inline(coll.start, coll.end, delta);
            self.trail(coll.end, indent);
            self.end_line();
            self.slot_comments(Slot::End(cid), indent);
            return;
        }
        let n = coll.items.len();
        let identity: Vec<usize>;
        let order: &[usize] = match &coll.order {
            Some(o) => o,
            None => {
                identity = (0..n).collect();
                &identity
            }
        };
        let off = lay.has_off(cid);
        if self.root == Some(cid) && !off && lay.header_len > 0 {
            let slot = lay.slot(Slot::Before(cid, 0));
            for &ci in &slot[..lay.header_len] {
                self.own_comment(ci, indent);
            }
            // A header set apart by a blank line stays set apart.
            let next = slot
                .get(lay.header_len)
                .map_or(coll.items[0].start, |&ci| self.comments[ci].span.start);
            self.blank = lay.blank_before(next);
        }
        let mut k = 0;
        while k < n {
            let i = order[k];
            if off && let Some(next) = self.off_region(node, i, indent) {
                k = next;
                continue;
            }
            self.item(node, i, indent, k == 0 && inline_first);
            k += 1;
        }
        if off {
            self.off_region(node, n, indent);
        }
        self.slot_comments(Slot::End(cid), indent);
    }

    /// When the comments before item `i` (or at the end of the block, for `i == n`) hold a
    /// `fdl-fmt: off`, prints the comments before it, copies the lines from it to the matching
    /// `fdl-fmt: on` (or to the end of the block) as written, and returns the item to go on
    /// with.
    fn off_region(&mut self, node: &'a Node, i: usize, indent: usize) -> Option<usize> {
        let lay = self.lay;
        let cid = id(node);
        let coll = lay.colls.get(&cid)?;
        let n = coll.items.len();
        let slot_of = |j: usize| {
            if j < n {
                Slot::Before(cid, j)
            } else {
                Slot::End(cid)
            }
        };
        let list = lay.slot(slot_of(i));
        let k = list
            .iter()
            .position(|&c| !self.consumed[c] && is_directive(&self.comments[c], false))?;
        for &ci in &list[..k] {
            self.own_comment(ci, indent);
        }
        let off = list[k];
        let mut on = None;
        let mut next = n;
        'search: for j in i..=n {
            let slot = lay.slot(slot_of(j));
            let skip = if j == i { k + 1 } else { 0 };
            for &ci in &slot[skip..] {
                if is_directive(&self.comments[ci], true) {
                    on = Some(ci);
                    next = j;
                    break 'search;
                }
            }
        }
        // The two directives are comments of this block, indented as it (so that they belong
        // to it again next time); the lines between them are copied as written.
        self.own_comment(off, indent);
        let src = self.src;
        let first = src.line_of(self.comments[off].span.start) + 1;
        let (last, end) = match on {
            Some(ci) => {
                let at = self.comments[ci].span.start;
                (src.line_of(at), src.line_start(src.line_of(at)))
            }
            None => {
                let end = lay.tail_ends.get(&cid).copied().unwrap_or(coll.end);
                (src.line_of(end) + 1, end + 1)
            }
        };
        if first < last {
            let delta = indent as isize - coll.col as isize;
            self.verbatim_lines(first, last - 1, delta);
        }
        self.consume(src.line_start(first.min(src.line_count() - 1)), end);
        if let Some(ci) = on {
            // A blank line above it was copied with the region.
            let blank = first >= last && self.lay.blank_before(self.comments[ci].span.start);
            self.comment_line(ci, indent, blank);
        }
        Some(next)
    }

    /// Prints item `i` of a block collection: its comments, then `key: value` or `- value`.
    fn item(&mut self, node: &'a Node, i: usize, indent: usize, inline: bool) {
        let lay = self.lay;
        let cid = id(node);
        let coll = &lay.colls[&cid];
        let item = &coll.items[i];
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let e = &entries[i];
                if !inline {
                    self.slot_comments(Slot::Before(cid, i), indent);
                    // A blank line above `- key:` belongs to the `-`, not to the key.
                    if lay.blank_before(item.start) && lay.src.first_on_line(item.start) {
                        self.blank = true;
                    }
                    self.begin_line(indent);
                }
                let key = self.key_text(&e.key, lay.src.line_start(lay.src.line_of(item.start)));
                self.push(&key);
                self.push(":");
                self.value(&e.value, item.ind_end, indent, coll.col);
            }
            NodeKind::Sequence(elems) => {
                let el = &elems[i];
                let compact = self.compact(el, item, inline);
                if !inline {
                    self.slot_comments(Slot::Before(cid, i), indent);
                    if lay.blank_before(item.start) {
                        self.blank = true;
                    }
                }
                if let Some(first) = compact {
                    self.slot_comments(Slot::Before(id(el), first), indent);
                }
                if !inline {
                    self.begin_line(indent);
                }
                self.push("-");
                if compact.is_some() {
                    self.push(" ");
                    self.block(el, indent + 2, true);
                } else {
                    self.value(el, item.ind_end, indent, coll.col);
                }
            }
            _ => {}
        }
    }

    /// The first item (in print order) of `el` when `el` can start on its `- ` line: a block
    /// collection without anchor or tag, no comment after the `-`, no `fdl-fmt: off` above its
    /// first item.
    fn compact(&self, el: &Node, item: &Item, inline: bool) -> Option<usize> {
        if !is_block_coll(self.src.text, el) || el.anchor.is_some() || el.tag.is_some() {
            return None;
        }
        let cid = id(el);
        let coll = self.lay.colls.get(&cid)?;
        if self.has_trailing(item.ind_end) {
            return None;
        }
        let first = coll.order.as_ref().map_or(0, |o| o[0]);
        // A `fdl-fmt: off` above the first item must stay above it, under the `-`.
        let directive = self
            .lay
            .slot(Slot::Before(cid, first))
            .iter()
            .any(|&c| is_directive(&self.comments[c], false));
        if directive {
            return None;
        }
        // On a line that is already inline, comments cannot be hoisted above it.
        if inline
            && self
                .lay
                .slot(Slot::Before(cid, first))
                .iter()
                .any(|&c| !self.consumed[c])
        {
            return None;
        }
        Some(first)
    }

    /// A key as written, with its anchor or tag (looked for from `from` on).
    fn key_text(&self, key: &Node, from: usize) -> String {
        let mut s = String::new();
        if let Some(p) = self.lay.props(key, from) {
            s.push_str(&p.text);
            s.push(' ');
        }
        s.push_str(&self.src.text[key.span.range()]);
        if key.alias_of.is_some() {
            // `*a:` would read as an alias named `a:`.
            s.push(' ');
        }
        s
    }

    /// Prints the value of an entry or sequence item after its indicator (`key:` or `-`),
    /// which is on the current line. `parent` is the output column of the key or `-`,
    /// `src_parent` its column in the source.
    fn value(&mut self, v: &'a Node, ind_end: usize, parent: usize, src_parent: usize) {
        let child = parent + 2;
        let props = self.lay.props(v, ind_end);
        let mut marks = vec![ind_end];
        if let Some(p) = &props {
            self.push(" ");
            self.push(&p.text);
            marks.push(p.end);
        }
        if is_block_coll(self.src.text, v) {
            self.trail_marks(&marks, child);
            self.end_line();
            self.fresh = true;
            self.block(v, child, false);
            return;
        }
        if is_empty_plain_content(v) {
            // Nothing to print: `key:` (or `key: !tag`) and any trailing comment.
            self.trail_marks(&marks, child);
            self.end_line();
            return;
        }
        let before: Vec<usize> = self
            .lay
            .slot(Slot::Value(id(v)))
            .iter()
            .copied()
            .filter(|&c| !self.consumed[c])
            .collect();
        let broken = marks.iter().any(|&m| self.has_trailing(m)) || !before.is_empty();
        if broken {
            self.trail_marks(&marks, child);
            self.end_line();
            for ci in before {
                self.own_comment(ci, child);
            }
            self.begin_line(child);
        }
        self.scalar_or_flow(v, parent, src_parent, broken);
    }

    /// Prints a scalar, alias or flow collection value and ends the line. `at_start`: nothing
    /// but indentation precedes it on the line.
    fn scalar_or_flow(&mut self, v: &'a Node, parent: usize, src_parent: usize, at_start: bool) {
        let child = parent + 2;
        let sp = if at_start { "" } else { " " };
        if v.alias_of.is_some() {
            self.push(sp);
            self.push(&self.src.text[v.span.range()]);
            self.trail(v.span.end, child);
            self.end_line();
            return;
        }
        match &v.kind {
            NodeKind::Scalar(s) => match s.style {
                ScalarStyle::Literal | ScalarStyle::Folded => {
                    self.push(sp);
                    self.block_scalar(v, parent, child);
                }
                _ => {
                    if !v.span.is_empty() {
                        self.push(sp);
                        self.flow_scalar(v, child);
                    }
                    self.trail(v.span.end, child);
                    self.end_line();
                }
            },
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                let cid = id(v);
                let Some(coll) = self.lay.colls.get(&cid) else {
                    self.push(sp);
                    self.verbatim_inline(v.span.start, v.span.end, 0);
                    self.end_line();
                    return;
                };
                let end = coll.end;
                if let Some(s) = self.inline(v)
                    && self.col() + sp.len() + width(&s) <= self.width
                {
                    self.push(sp);
                    self.push(&s);
                } else if coll.exotic {
                    self.push(sp);
                    let delta = parent as isize - src_parent as isize;
                    self.verbatim_inline(coll.open, coll.end, delta);
                } else {
                    // A flow collection over several lines: its bracket at the value's column.
                    if at_start || self.col() + 1 == child {
                        self.push(sp);
                    } else {
                        self.end_line();
                        self.begin_line(child);
                    }
                    self.flow_multi(v, child);
                }
                self.trail(end, child);
                self.end_line();
            }
            NodeKind::Error => {
                self.push(sp);
                self.verbatim_inline(v.span.start, v.span.end, 0);
                self.end_line();
            }
        }
    }

    /// A `|` or `>` scalar: header as written, content re-indented by the same amount on
    /// every line (relative indentation, trailing spaces and kept empty lines unchanged).
    fn block_scalar(&mut self, v: &Node, parent: usize, child: usize) {
        let lay = self.lay;
        let Some(bs) = lay.scalars.get(&id(v)) else {
            self.verbatim_inline(v.span.start, v.span.end, 0);
            self.end_line();
            return;
        };
        let src = self.src;
        self.push(&src.text[v.span.start..bs.header_end]);
        self.trail(bs.header_end, child);
        self.end_line();
        let new_col = parent + bs.indicator.unwrap_or(2);
        let c = bs.content_col.unwrap_or(0);
        let content_end = bs.last_content.map_or(bs.first_line, |l| l + 1);
        for line in bs.first_line..content_end {
            let l = src.line(line);
            let empty = l.bytes().all(|b| b == b' ') && l.len() <= c;
            if !empty {
                self.spaces(new_col);
                self.push(&l[c.min(l.len())..]);
            }
            self.end_line();
        }
        if bs.keep {
            for _ in content_end..bs.end_line {
                self.end_line();
            }
        }
        self.fresh = false;
        self.blank = false;
        self.after_keep = bs.keep;
    }

    /// A plain or quoted scalar: as written, its continuation lines (if any) re-indented at
    /// `cont`. Folding drops the white space around line breaks, so this keeps the value.
    fn flow_scalar(&mut self, v: &Node, cont: usize) {
        let raw = &self.src.text[v.span.range()];
        if !raw.contains('\n') {
            self.push(raw);
            return;
        }
        let dq = v
            .as_scalar()
            .is_some_and(|s| s.style == ScalarStyle::DoubleQuoted);
        for (k, line) in raw.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if k == 0 {
                line
            } else {
                line.trim_start_matches([' ', '\t'])
            };
            let t = trim_folded_end(line, dq);
            if k > 0 {
                self.end_line();
                if !t.is_empty() {
                    self.spaces(cont);
                }
            }
            self.push(t);
        }
    }

    // ---- flow collections ----

    /// A flow collection on one line, or `None` when it holds comments, multi-line scalars or
    /// constructs printed as written.
    fn inline(&self, v: &Node) -> Option<String> {
        let coll = self.lay.colls.get(&id(v))?;
        if coll.exotic || self.lay.comments_in(coll.open, coll.end).next().is_some() {
            return None;
        }
        let mut s = String::new();
        self.inline_into(v, None, &mut s)?;
        Some(s)
    }

    /// Appends `v` on one line; with `from`, its anchor and tag too, looked for from there.
    fn inline_into(&self, v: &Node, from: Option<usize>, s: &mut String) -> Option<()> {
        if let Some(p) = from.and_then(|from| self.lay.props(v, from)) {
            s.push_str(&p.text);
            if !is_empty_plain_content(v) {
                s.push(' ');
            }
        }
        if v.alias_of.is_some() {
            s.push_str(&self.src.text[v.span.range()]);
            return Some(());
        }
        match &v.kind {
            NodeKind::Scalar(sc) => {
                let raw = &self.src.text[v.span.range()];
                if matches!(sc.style, ScalarStyle::Literal | ScalarStyle::Folded)
                    || raw.contains('\n')
                {
                    return None;
                }
                s.push_str(raw);
            }
            NodeKind::Sequence(elems) => {
                let coll = self.lay.colls.get(&id(v)).filter(|c| c.flow && !c.exotic)?;
                s.push('[');
                for (i, el) in elems.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    let item = &coll.items[i];
                    match pair(self.src.text, el) {
                        Some(e) => {
                            s.push_str(&self.key_text(&e.key, item.start));
                            s.push_str(": ");
                            self.inline_into(&e.value, Some(item.ind_end), s)?;
                        }
                        None => self.inline_into(el, Some(item.start), s)?,
                    }
                }
                s.push(']');
            }
            NodeKind::Mapping(entries) => {
                let coll = self.lay.colls.get(&id(v)).filter(|c| c.flow && !c.exotic)?;
                let own = own_entries(v, entries);
                s.push('{');
                let n = own.len();
                for k in 0..n {
                    let i = coll.order.as_ref().map_or(k, |o| o[k]);
                    if k > 0 {
                        s.push_str(", ");
                    }
                    let item = &coll.items[i];
                    let e = &own[i];
                    s.push_str(&self.key_text(&e.key, item.start));
                    if !is_empty_plain(&e.value) {
                        s.push_str(": ");
                        self.inline_into(&e.value, Some(item.ind_end), s)?;
                    }
                }
                s.push('}');
            }
            NodeKind::Error => return None,
        }
        Some(())
    }

    /// A flow collection over several lines: the bracket at the current position, one item per
    /// line at `c + 2`, the closing bracket at `c`. The caller ends the last line.
    fn flow_multi(&mut self, v: &'a Node, c: usize) {
        let lay = self.lay;
        let cid = id(v);
        let coll = &lay.colls[&cid];
        let is_map = matches!(v.kind, NodeKind::Mapping(_));
        self.push(if is_map { "{" } else { "[" });
        self.trail(coll.open + 1, c + 2);
        self.end_line();
        let n = coll.items.len();
        for k in 0..n {
            let i = coll.order.as_ref().map_or(k, |o| o[k]);
            self.slot_comments(Slot::Before(cid, i), c + 2);
            self.begin_line(c + 2);
            let mut marks = self.flow_item(v, i, c + 2);
            if k + 1 < n {
                self.push(",");
            }
            let item = &coll.items[i];
            marks.push(item.end);
            marks.extend(item.sep_end);
            self.trail_marks(&marks, c + 2);
            self.end_line();
        }
        self.slot_comments(Slot::End(cid), c + 2);
        self.begin_line(c);
        self.push(if is_map { "}" } else { "]" });
    }

    /// Prints item `i` of a flow collection at the current position (line indentation `col`);
    /// returns the ends of the tokens printed, which trailing comments may follow.
    fn flow_item(&mut self, v: &'a Node, i: usize, col: usize) -> Vec<usize> {
        let lay = self.lay;
        let coll = &lay.colls[&id(v)];
        let item = &coll.items[i];
        match &v.kind {
            NodeKind::Sequence(elems) => match pair(self.src.text, &elems[i]) {
                Some(e) => self.flow_pair(&e.key, &e.value, item, col),
                None => {
                    let el = &elems[i];
                    self.flow_node(el, item.start, col)
                }
            },
            NodeKind::Mapping(entries) => {
                let e = &own_entries(v, entries)[i];
                self.flow_pair(&e.key, &e.value, item, col)
            }
            _ => Vec::new(),
        }
    }

    fn flow_pair(&mut self, key: &'a Node, value: &'a Node, item: &Item, col: usize) -> Vec<usize> {
        let mut marks = Vec::new();
        let key_text = self.key_text(key, item.start);
        self.push(&key_text);
        marks.push(key.span.end);
        marks.push(item.ind_end);
        if is_empty_plain(value) {
            return marks;
        }
        self.push(": ");
        marks.extend(self.flow_node(value, item.ind_end, col));
        marks
    }

    /// A node inside a flow collection, at the current position.
    fn flow_node(&mut self, n: &'a Node, from: usize, col: usize) -> Vec<usize> {
        let mut marks = Vec::new();
        if let Some(p) = self.lay.props(n, from) {
            self.push(&p.text);
            if !is_empty_plain_content(n) {
                self.push(" ");
            }
            marks.push(p.end);
        }
        marks.push(self.flow_node_body(n, col, from));
        marks
    }

    /// The node itself (not its anchor or tag); returns where it ends in the source.
    fn flow_node_body(&mut self, n: &'a Node, col: usize, _from: usize) -> usize {
        if n.alias_of.is_some() {
            self.push(&self.src.text[n.span.range()]);
            return n.span.end;
        }
        match &n.kind {
            NodeKind::Scalar(_) => {
                self.flow_scalar(n, col + 2);
                n.span.end
            }
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
                let Some(coll) = self.lay.colls.get(&id(n)) else {
                    self.verbatim_inline(n.span.start, n.span.end, 0);
                    return n.span.end;
                };
                let end = coll.end;
                if let Some(s) = self.inline(n)
                    && self.col() + width(&s) < self.width
                {
                    self.push(&s);
                } else if coll.exotic {
                    let line = self.src.line_of(coll.open);
                    let src_indent = self
                        .src
                        .line(line)
                        .bytes()
                        .take_while(|&b| b == b' ')
                        .count();
                    self.verbatim_inline(coll.open, coll.end, col as isize - src_indent as isize);
                } else {
                    self.flow_multi(n, col);
                }
                end
            }
            NodeKind::Error => {
                self.verbatim_inline(n.span.start, n.span.end, 0);
                n.span.end
            }
        }
    }

    // ---- text copied as written ----

    /// Copies `start..end` as written, continuing the current line; the following lines are
    /// shifted by `delta` columns.
    fn verbatim_inline(&mut self, start: usize, end: usize, delta: isize) {
        let text = &self.src.text[start..end];
        for (k, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if k > 0 {
                self.end_line();
                let shifted = shift(line, delta);
                self.push(&shifted);
            } else {
                self.push(line);
            }
        }
        self.consume(start, end);
    }

    /// Copies whole lines `l0..=l1` as written, shifted by `delta` columns.
    fn verbatim_lines(&mut self, l0: usize, l1: usize, delta: isize) {
        self.blank = false;
        self.fresh = false;
        self.after_keep = false;
        for line in l0..=l1 {
            let shifted = shift(self.src.line(line), delta);
            self.push(&shifted);
            self.end_line();
        }
        let start = self.src.line_start(l0);
        let end = self.src.line_end(l1);
        self.consume(start, end + 1);
    }
}

/// Display width of a text: East Asian wide and fullwidth characters (CJK, Hangul, fullwidth
/// forms, most emoji) take two columns, as in a terminal or editor.
pub(crate) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = u32::from(c);
            let wide = matches!(c,
                0x1100..=0x115F
                | 0x2E80..=0x303E
                | 0x3041..=0x33FF
                | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF
                | 0xAC00..=0xD7A3
                | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F
                | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6
                | 0x1F300..=0x1F64F
                | 0x1F900..=0x1F9FF
                | 0x20000..=0x3FFFD);
            if c == 0xFEFF {
                0
            } else if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// An empty plain scalar (whatever its anchor or tag): nothing is printed for its content.
fn is_empty_plain_content(node: &Node) -> bool {
    node.alias_of.is_none()
        && node.span.is_empty()
        && node
            .as_scalar()
            .is_some_and(|s| s.style == ScalarStyle::Plain && s.value.is_empty())
}

/// Drops the white space at the end of a line of a multi-line flow scalar, which folding
/// drops too, except a space or tab escaped by a `\` in a double-quoted scalar.
fn trim_folded_end(line: &str, double_quoted: bool) -> &str {
    let t = line.trim_end_matches([' ', '\t']);
    if double_quoted && t.len() < line.len() {
        let backslashes = t.bytes().rev().take_while(|&b| b == b'\\').count();
        if backslashes % 2 == 1 {
            return &line[..t.len() + 1];
        }
    }
    t
}

/// Moves a line right (`delta > 0`) or left by up to `-delta` leading spaces.
fn shift(line: &str, delta: isize) -> String {
    if line.is_empty() || delta == 0 {
        return line.to_string();
    }
    if delta > 0 {
        let mut s = " ".repeat(delta as usize);
        s.push_str(line);
        s
    } else {
        let spaces = line.bytes().take_while(|&b| b == b' ').count();
        line[spaces.min(delta.unsigned_abs())..].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_line_ends() {
        assert_eq!(trim_folded_end("abc  ", false), "abc");
        assert_eq!(trim_folded_end("abc\\ \t", true), "abc\\ ");
        assert_eq!(trim_folded_end("abc\\\\  ", true), "abc\\\\");
        assert_eq!(trim_folded_end("abc\\  ", false), "abc\\");
    }

    #[test]
    fn display_width() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("北京, 上海"), 10);
        assert_eq!(width("Grüße 👋"), 8);
        assert_eq!(width("\u{feff}a"), 1);
    }

    #[test]
    fn shifting() {
        assert_eq!(shift("  a", 2), "    a");
        assert_eq!(shift("    a", -2), "  a");
        assert_eq!(shift(" a", -2), "a");
        assert_eq!(shift("", 3), "");
    }
}
