//! `reparse`: after a small edit, parses only the block-sequence items (steps) the edit falls
//! in and splices them into the previous tree, so a language server can answer within a few
//! milliseconds on a large flow. The result is always exactly what `parse` returns: whenever
//! the edit is not clearly confined to such items, the whole text is parsed again.
//!
//! Why this is sound: a block sequence item at column `c` starts with `-` at column `c` on its
//! own line, and its text ends at the next line that is neither blank nor a comment (the next
//! `-`, or a line indented at most `c`). The text from that `-` line to that line (the chunk)
//! is parsed the same way on its own as inside the file, provided it holds nothing that
//! depends on the rest of the file: no anchor or alias, no document marker or directive, no
//! line indented less than `c`, no error. The chunk's own parse must also read as a block
//! sequence at column `c`, so the lines around it keep their meaning.

use crate::build::duplicate_key_message;
use crate::text::{line_end_of, line_start_of};
use crate::{
    Comment, MAX_DEPTH, Node, NodeKind, Parsed, Span, SyntaxError, SyntaxErrorKind, parse,
};

/// One replacement in a text: bytes `start..old_end` of the old text became bytes
/// `start..new_end` of the new text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    /// The smallest change that turns `old` into `new`: what lies between their common start
    /// and their common end. Any description of an edit that covers what changed will do for
    /// `reparse`; this one needs no record of the edits, only the two texts.
    pub fn between(old: &str, new: &str) -> Change {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - start;
        let end = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        Change {
            start,
            old_end: a.len() - end,
            new_end: b.len() - end,
        }
    }
}

/// Chunks larger than this (and larger than half the text) are not worth parsing on their
/// own: parsing the whole text costs about the same.
const SMALL_CHUNK: usize = 64 << 10;
/// Levels of nesting kept free below `MAX_DEPTH`, so that a spliced chunk can never come near
/// the depth limit (where the full parse would cut the tree).
const DEPTH_MARGIN: usize = 8;

/// Parses `new_text`, reusing `previous` (the parse of `old_text`) when the change lies inside
/// block-sequence items (steps), which are then the only part parsed again. The result is
/// always exactly what `parse(new_text)` returns (same root, comments, errors, skipped,
/// document_count); the bool says whether the fast path was taken (for tests and benchmarks).
pub fn reparse(old_text: &str, previous: Parsed, new_text: &str, change: Change) -> (Parsed, bool) {
    match plan(old_text, &previous, new_text, change) {
        Some(plan) => (apply(previous, new_text, plan), true),
        None => (parse(new_text), false),
    }
}

/// A block sequence reached from the root, and the items `first..=last` whose chunk holds the
/// change.
struct Candidate {
    /// Child positions from the root down to the sequence: an entry index in a mapping (its
    /// value is followed), an item index in a sequence.
    path: Vec<usize>,
    /// Collections from the root to the sequence, both included.
    depth: usize,
    first: usize,
    last: usize,
    /// Column of the sequence's `-`.
    column: usize,
    chunk_start: usize,
    chunk_end: usize,
}

/// What `apply` needs: where the chunk is and its standalone parse.
struct Plan {
    path: Vec<usize>,
    first: usize,
    last: usize,
    chunk_start: usize,
    old_chunk_end: usize,
    new_chunk_end: usize,
    chunk: Parsed,
}

fn plan(old_text: &str, previous: &Parsed, new_text: &str, change: Change) -> Option<Plan> {
    let Change {
        start,
        old_end,
        new_end,
    } = change;
    let old = old_text.as_bytes();
    let new = new_text.as_bytes();
    // The change must describe exactly how the texts differ.
    if start > old_end
        || start > new_end
        || old_end > old.len()
        || new_end > new.len()
        || old.len() - old_end != new.len() - new_end
        || old[..start] != new[..start]
        || old[old_end..] != new[new_end..]
    {
        return None;
    }
    // Only a clean single-document parse is reused; errors other than duplicate keys depend on
    // the whole text (recovery, limits, documents).
    if previous.document_count != 1
        || !previous.skipped.is_empty()
        || previous
            .errors
            .iter()
            .any(|e| !matches!(e.kind, SyntaxErrorKind::DuplicateKey { .. }))
    {
        return None;
    }
    // Lines are found by their `\n`: a lone `\r`, also a line break in YAML, would hide one.
    if old_text.contains('\r')
        && old_text
            .match_indices('\r')
            .any(|(i, _)| old.get(i + 1) != Some(&b'\n'))
    {
        return None;
    }
    let root = previous.root.as_ref()?;
    let mut candidates = candidates(root, old, change);
    // The innermost candidate first: the smallest chunk.
    while let Some(candidate) = candidates.pop() {
        let chunk_len = candidate.chunk_end - candidate.chunk_start;
        if chunk_len > SMALL_CHUNK && chunk_len * 2 > old.len() {
            return None;
        }
        if let Some(plan) = check(old_text, root, new_text, change, candidate) {
            return Some(plan);
        }
    }
    None
}

/// Every block sequence on the way down from the root whose items' chunks hold the change,
/// outermost first.
fn candidates(root: &Node, b: &[u8], change: Change) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut path = Vec::new();
    let mut depth = 0;
    let mut node = root;
    loop {
        // An anchored node may be copied by an alias elsewhere, and an alias expansion's
        // children lie elsewhere in the text: neither can be patched in place.
        if node.anchor.is_some() || node.alias_of.is_some() {
            break;
        }
        match &node.kind {
            NodeKind::Mapping(entries) => {
                depth += 1;
                let i = entries.partition_point(|e| e.key.span.start <= change.start);
                let Some(i) = i.checked_sub(1) else { break };
                path.push(i);
                node = &entries[i].value;
            }
            NodeKind::Sequence(items) => {
                depth += 1;
                let Some((first, last, column, chunk_start, chunk_end)) =
                    item_range(node, items, b, change)
                else {
                    break;
                };
                found.push(Candidate {
                    path: path.clone(),
                    depth,
                    first,
                    last,
                    column,
                    chunk_start,
                    chunk_end,
                });
                if first != last {
                    break;
                }
                path.push(first);
                node = &items[first];
            }
            NodeKind::Scalar(_) | NodeKind::Error => break,
        }
    }
    found
}

/// For a block sequence: the items `first..=last` whose chunks hold the change, the column of
/// the `-`, and the chunk `start..end`.
fn item_range(
    seq: &Node,
    items: &[Node],
    b: &[u8],
    change: Change,
) -> Option<(usize, usize, usize, usize, usize)> {
    // A block sequence starts at its first `-`, which must begin its line (not `- - a`,
    // `? - a`).
    let dash = seq.span.start;
    if b.get(dash) != Some(&b'-') || items.is_empty() {
        return None;
    }
    let first_line = line_start_of(b, dash);
    if !b[first_line..dash].iter().all(|&c| c == b' ') {
        return None;
    }
    let column = dash - first_line;
    // The start of item `j`'s chunk: the line of its `-`.
    let chunk_start = |j: usize| -> Option<usize> {
        if j == 0 {
            return Some(first_line);
        }
        let line = dash_line(b, items[j].span.start, column)?;
        // The previous item must end before this line (an empty value of an explicit `?` key
        // can sit after the next item's `-`).
        (items[j - 1].span.end <= line).then_some(line)
    };
    // The end of item `j`'s chunk: the next item's line, or after the last item the next line
    // that is neither blank nor a comment, which must close the sequence.
    let chunk_end = |j: usize| -> Option<usize> {
        if j + 1 < items.len() {
            return chunk_start(j + 1).filter(|&end| items[j].span.end < end);
        }
        let line = next_content_line(b, items[j].span.end);
        let indent = b[line..].iter().take_while(|&&c| c == b' ').count();
        (line == b.len() || indent <= column).then_some(line)
    };
    let after = items.partition_point(|it| it.span.start <= change.start);
    let mut first = after.saturating_sub(1);
    let mut start = chunk_start(first)?;
    if change.start < start {
        first = first.checked_sub(1)?;
        start = chunk_start(first)?;
    }
    if change.start < start {
        return None;
    }
    // An edit at the very start of an item's line (a blank line or a step pasted above it)
    // may leave the item's chunk without its `-` first: re-read the item above with it.
    if change.start == start && first > 0 {
        first -= 1;
        start = chunk_start(first)?;
    }
    // The chunk's final line break must stay: otherwise the next line would join the chunk.
    let mut last = first;
    loop {
        let end = chunk_end(last)?;
        if change.old_end < end || (end == b.len() && change.old_end == end) {
            return Some((first, last, column, start, end));
        }
        if end - start > SMALL_CHUNK && (end - start) * 2 > b.len() {
            return None;
        }
        last += 1;
        if last >= items.len() {
            return None;
        }
    }
}

/// The line of the `-` of an item whose content starts at `content`: that line, or one above
/// it with only blank or comment lines between (`-  # note` then the content below).
fn dash_line(b: &[u8], content: usize, column: usize) -> Option<usize> {
    let is_dash_line = |line: usize| {
        let dash = line + column;
        dash < content
            && b[line..dash].iter().all(|&c| c == b' ')
            && b[dash] == b'-'
            && matches!(b.get(dash + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    };
    let mut line = line_start_of(b, content);
    if is_dash_line(line) {
        return Some(line);
    }
    // The content starts its own line, below its `-`.
    if !b[line..content].iter().all(|&c| c == b' ') {
        return None;
    }
    while line > 0 {
        line = line_start_of(b, line - 1);
        if is_dash_line(line) {
            return Some(line);
        }
        if !is_blank_or_comment(b, line) {
            return None;
        }
    }
    None
}

/// Whether the line starting at `line` holds only white space, or a comment after it.
fn is_blank_or_comment(b: &[u8], line: usize) -> bool {
    let mut i = line;
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        None | Some(b'\n' | b'#') => true,
        Some(b'\r') => b.get(i + 1) == Some(&b'\n'),
        _ => false,
    }
}

/// The start of the first line after the line holding `pos` that is neither blank nor only a
/// comment; the end of the text when there is none.
fn next_content_line(b: &[u8], pos: usize) -> usize {
    let mut line = line_end_of(b, pos) + 1;
    while line < b.len() {
        if !is_blank_or_comment(b, line) {
            return line;
        }
        line = line_end_of(b, line) + 1;
    }
    b.len()
}

fn check(
    old_text: &str,
    root: &Node,
    new_text: &str,
    change: Change,
    candidate: Candidate,
) -> Option<Plan> {
    let Candidate {
        path,
        depth,
        first,
        last,
        column,
        chunk_start,
        chunk_end,
    } = candidate;
    let seq = follow(root, &path)?;
    let items = seq.as_sequence()?;
    // The replaced items must hold no anchor (a later alias may use it) and no alias, and lie
    // within their chunk: an empty value can sit at the next token, past the chunk's end.
    let old_len = old_text.len();
    let within = |s: Span, start: usize, end: usize, len: usize| {
        start <= s.start && (s.end < end || (s.end == end && end == len))
    };
    let mut old_nodes = 0usize;
    let mut self_contained = true;
    for item in &items[first..=last] {
        item.walk(|n| {
            old_nodes += 1;
            self_contained &= n.anchor.is_none()
                && n.alias_of.is_none()
                && within(n.span, chunk_start, chunk_end, old_len);
        });
    }
    if !self_contained {
        return None;
    }
    let new_chunk_end = chunk_end - change.old_end + change.new_end;
    let text = new_text.get(chunk_start..new_chunk_end)?;
    // A chunk always keeps a `-` line: deleting whole items extends the chunk to the item
    // above or below (see `item_range`), and deleting them all is a full parse.
    if !chunk_text_ok(text.as_bytes(), column) {
        return None;
    }
    let chunk = parse(text);
    let ok = chunk.document_count == 1
        && chunk.skipped.is_empty()
        && chunk
            .errors
            .iter()
            .all(|e| matches!(e.kind, SyntaxErrorKind::DuplicateKey { .. }))
        && chunk.root.as_ref().is_some_and(|r| {
            r.span.start == column
                && r.tag.is_none()
                && r.anchor.is_none()
                && r.as_sequence().is_some_and(|s| !s.is_empty())
        });
    if !ok {
        return None;
    }
    let new_root = chunk.root.as_ref()?;
    let mut new_nodes = 0usize;
    let mut self_contained = true;
    let mut chunk_depth = 0usize;
    let at_text_end = new_chunk_end == new_text.len();
    for item in new_root.as_sequence()? {
        item.walk(|n| {
            new_nodes += 1;
            self_contained &= n.anchor.is_none()
                && n.alias_of.is_none()
                && (n.span.end < text.len() || at_text_end);
        });
        chunk_depth = chunk_depth.max(collection_depth(item));
    }
    if !self_contained || depth + chunk_depth + DEPTH_MARGIN > MAX_DEPTH {
        return None;
    }
    // The alias budget grows with the number of nodes written: with fewer nodes, aliases
    // elsewhere might no longer fit.
    if new_nodes < old_nodes && old_text.as_bytes().contains(&b'*') {
        return None;
    }
    Some(Plan {
        path,
        first,
        last,
        chunk_start,
        old_chunk_end: chunk_end,
        new_chunk_end,
        chunk,
    })
}

/// Whether a chunk's text means on its own what it means in the file: it starts with the
/// `-` at `column`, every other line is blank, a comment or indented at least `column` with
/// spaces, and it holds no byte order mark, lone carriage return, document marker or
/// directive.
fn chunk_text_ok(b: &[u8], column: usize) -> bool {
    if b.len() <= column || !b[..column].iter().all(|&c| c == b' ') || b[column] != b'-' {
        return false;
    }
    let mut line = 0;
    while line < b.len() {
        let end = b[line..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| line + i);
        let l = &b[line..end];
        if l.starts_with(b"---") || l.starts_with(b"...") || l.starts_with(b"%") {
            return false;
        }
        for (i, &c) in l.iter().enumerate() {
            let lone_cr = c == b'\r' && i + 1 < l.len();
            // U+FEFF is EF BB BF.
            let bom = c == 0xef && l.get(i + 1) == Some(&0xbb) && l.get(i + 2) == Some(&0xbf);
            if lone_cr || bom {
                return false;
            }
        }
        let indent = l.iter().take_while(|&&c| c == b' ').count();
        let rest = &l[indent..];
        let blank_or_comment = rest
            .iter()
            .find(|&&c| !matches!(c, b' ' | b'\t' | b'\r'))
            .is_none_or(|&c| c == b'#');
        if !blank_or_comment && (indent < column || rest.first() == Some(&b'\t')) {
            return false;
        }
        line = end + 1;
    }
    true
}

/// Collections on the longest path down from `node`, `node` included.
fn collection_depth(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 0usize)];
    while let Some((n, d)) = stack.pop() {
        match &n.kind {
            NodeKind::Mapping(entries) => {
                for e in entries {
                    stack.push((&e.key, d + 1));
                    stack.push((&e.value, d + 1));
                }
            }
            NodeKind::Sequence(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            _ => deepest = deepest.max(d),
        }
        if matches!(n.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
            deepest = deepest.max(d + 1);
        }
    }
    deepest
}

fn follow<'n>(root: &'n Node, path: &[usize]) -> Option<&'n Node> {
    let mut node = root;
    for &i in path {
        node = match &node.kind {
            NodeKind::Mapping(entries) => &entries.get(i)?.value,
            NodeKind::Sequence(items) => items.get(i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Moves spans by the change: offsets at or after the old chunk's end shift by `delta`.
#[derive(Clone, Copy)]
struct Shift {
    from: usize,
    delta: isize,
}

impl Shift {
    fn at(self, offset: usize) -> usize {
        if offset >= self.from {
            offset.wrapping_add_signed(self.delta)
        } else {
            offset
        }
    }
    fn span(self, s: Span) -> Span {
        Span::new(self.at(s.start), self.at(s.end))
    }
    /// Recursive: faster than an explicit stack on large trees, and the depth is bounded, since
    /// `parse` cuts collections below `MAX_DEPTH` (and a parse that did is never reused).
    fn tree(self, n: &mut Node) {
        n.span = self.span(n.span);
        if let Some(a) = &mut n.alias_of {
            *a = self.span(*a);
        }
        match &mut n.kind {
            NodeKind::Mapping(entries) => {
                for e in entries {
                    self.tree(&mut e.key);
                    self.tree(&mut e.value);
                }
            }
            NodeKind::Sequence(items) => {
                for item in items {
                    self.tree(item);
                }
            }
            NodeKind::Scalar(_) | NodeKind::Error => {}
        }
    }
}

fn apply(mut previous: Parsed, new_text: &str, plan: Plan) -> Parsed {
    let Plan {
        path,
        first,
        last,
        chunk_start,
        old_chunk_end,
        new_chunk_end,
        chunk,
    } = plan;
    let Parsed {
        root: chunk_root,
        comments: chunk_comments,
        errors: chunk_errors,
        ..
    } = chunk;
    let shift = Shift {
        from: old_chunk_end,
        delta: new_chunk_end as isize - old_chunk_end as isize,
    };
    let into_place = Shift {
        from: 0,
        delta: chunk_start as isize,
    };
    let mut new_items =
        match chunk_root.map(|mut r| std::mem::replace(&mut r.kind, NodeKind::Error)) {
            Some(NodeKind::Sequence(items)) => items,
            _ => Vec::new(),
        };
    for item in &mut new_items {
        into_place.tree(item);
    }
    if let Some(root) = previous.root.as_mut() {
        splice(root, &path, first, last, new_items, shift);
    }
    // Comments: those of the old chunk give way to the chunk's own.
    let comments = &mut previous.comments;
    let lo = comments.partition_point(|c| c.span.start < chunk_start);
    let hi = comments.partition_point(|c| c.span.start < old_chunk_end);
    for c in &mut comments[hi..] {
        c.span = shift.span(c.span);
    }
    comments.splice(
        lo..hi,
        chunk_comments.into_iter().map(|c| Comment {
            span: into_place.span(c.span),
            ..c
        }),
    );
    // Errors (duplicate keys only): the same, and their messages name the line of the first
    // occurrence, which may have moved.
    let errors = &mut previous.errors;
    let lo = errors.partition_point(|e| e.span.start < chunk_start);
    let hi = errors.partition_point(|e| e.span.start < old_chunk_end);
    let mut later: Vec<SyntaxError> = errors.drain(hi..).collect();
    errors.truncate(lo);
    for mut e in chunk_errors {
        e.span = into_place.span(e.span);
        if let SyntaxErrorKind::DuplicateKey { first, .. } = &mut e.kind {
            *first = into_place.span(*first);
        }
        renumber(&mut e, new_text);
        errors.push(e);
    }
    for e in &mut later {
        e.span = shift.span(e.span);
        let mut moved = false;
        if let SyntaxErrorKind::DuplicateKey { first, .. } = &mut e.kind {
            moved = first.start >= old_chunk_end;
            *first = shift.span(*first);
        }
        if moved {
            renumber(e, new_text);
        }
    }
    errors.append(&mut later);
    previous
}

/// Rewrites a duplicate-key message for the line its first occurrence now sits on.
fn renumber(e: &mut SyntaxError, text: &str) {
    if let SyntaxErrorKind::DuplicateKey { key, first } = &e.kind {
        let upto = first.start.min(text.len());
        let line = text.as_bytes()[..upto]
            .iter()
            .filter(|&&c| c == b'\n')
            .count()
            + 1;
        e.message = duplicate_key_message(key, line);
    }
}

/// Replaces items `first..=last` of the sequence at `path` by `new_items`, shifts everything
/// after the old chunk, and fixes the ends of the sequence and its ancestors. Recursive along
/// the path only, whose length is bounded by `MAX_DEPTH`.
fn splice(
    node: &mut Node,
    path: &[usize],
    first: usize,
    last: usize,
    new_items: Vec<Node>,
    shift: Shift,
) {
    match (path.split_first(), &mut node.kind) {
        (Some((&i, rest)), NodeKind::Mapping(entries)) => {
            for e in &mut entries[i + 1..] {
                shift.tree(&mut e.key);
                shift.tree(&mut e.value);
            }
            splice(&mut entries[i].value, rest, first, last, new_items, shift);
        }
        (Some((&i, rest)), NodeKind::Sequence(items)) => {
            for it in &mut items[i + 1..] {
                shift.tree(it);
            }
            splice(&mut items[i], rest, first, last, new_items, shift);
        }
        (None, NodeKind::Sequence(items)) => {
            for it in &mut items[last + 1..] {
                shift.tree(it);
            }
            items.splice(first..=last, new_items);
        }
        // `check` followed this path to a sequence in the same tree.
        _ => return,
    }
    // A block collection (only those hold a block sequence) ends at the end of its last
    // child, as `parse` computes it.
    let mut end = node.span.start;
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for e in entries {
                end = end.max(e.key.span.end).max(e.value.span.end);
            }
        }
        NodeKind::Sequence(items) => {
            for it in items {
                end = end.max(it.span.end);
            }
        }
        _ => {}
    }
    node.span.end = end;
}
