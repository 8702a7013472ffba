//! The invariants the fuzz targets check, one function per target.
//!
//! The targets in `fuzz/fuzz_targets/` (built with `cargo fuzz`) are one-line calls to these
//! functions, and `tests/regressions.rs` feeds them every saved crash and the seed corpus on a
//! plain `cargo test`: a finding stays fixed without a fuzzing toolchain. Each function takes
//! arbitrary bytes and panics (with what broke) when an invariant fails.
//!
//! # Input layout
//!
//! A target that needs more than a text splits its input at the last `0xFF` byte (a byte that
//! never occurs in UTF-8, so a fixture used as a seed is all text): before it the text, after
//! it the *control* bytes, which say where to edit or where the cursor is. Without `0xFF`
//! the control part is empty and a fixed default applies.

use fdl_check::{CheckCache, Diagnostic, RuleLevels};
use fdl_syntax::{Change, LineIndex, Node, NodeKind, Parsed, Span};

/// Longer inputs are cut: an iteration must stay fast for the fuzzer to explore.
pub const MAX_INPUT: usize = 64 << 10;

/// The text of an input, cut to `MAX_INPUT` bytes, invalid UTF-8 replaced.
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

/// Splits an input at its last `0xFF`: the text, and the control bytes (see the crate doc).
fn split(data: &[u8]) -> (String, &[u8]) {
    match data.iter().rposition(|&b| b == 0xff) {
        Some(i) => (text_of(&data[..i]), &data[i + 1..]),
        None => (text_of(data), &[]),
    }
}

/// The largest char boundary of `text` at or before `offset` (clamped to the end).
fn floor(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// The smallest char boundary of `text` at or after `offset` (clamped to the end).
fn ceil(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o += 1;
    }
    o
}

fn u16_at(bytes: &[u8], i: usize) -> Option<usize> {
    Some(usize::from(u16::from_le_bytes([
        *bytes.get(i)?,
        *bytes.get(i + 1)?,
    ])))
}

/// Pieces an IDE edit inserts: what a person types in a flow.
const PIECES: &[&str] = &[
    "",
    "a",
    " ",
    "\n",
    "- ",
    ": ",
    "#",
    "\"",
    "'",
    "[",
    "{",
    "$input.",
    "  ",
    "\n  - ",
    "name",
    "type: task",
    "goto: ",
    "|\n",
    "&a ",
    "*a",
    "\t",
    "\r\n",
    "名",
    "---\n",
];

/// An edit of `text`: bytes `start..end` replaced by `insert`.
struct TextEdit {
    start: usize,
    end: usize,
    insert: String,
}

impl TextEdit {
    /// From control bytes `[start lo, start hi, deleted bytes]` (positions wrap around the
    /// text length); by default one character in the middle of the text is deleted.
    fn decode(text: &str, control: &[u8], insert: String) -> TextEdit {
        let len = text.len();
        let (start, del) = match (u16_at(control, 0), control.get(2)) {
            (Some(s), Some(&d)) => (s % (len + 1), usize::from(d)),
            _ => (len / 2, 1),
        };
        let start = floor(text, start);
        let end = ceil(text, start + del.min(len - start));
        TextEdit { start, end, insert }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.insert);
        out.push_str(&text[self.end..]);
        out
    }
}

/// Asserts that `span` lies within `text` and starts and ends on char boundaries.
fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

// ---------------------------------------------------------------------------------------------
// 1. syntax
// ---------------------------------------------------------------------------------------------

/// `fdl_syntax::parse` on any text: every span (nodes, aliases, comments, errors, skipped
/// regions) lies in the text on char boundaries, comments read as their span says, and the
/// `LineIndex` converts every offset to a position and back.
pub fn syntax(data: &[u8]) {
    let text = text_of(data);
    let parsed = fdl_syntax::parse(&text);
    check_parsed_spans(&text, &parsed);
    check_line_index(&text);
}

fn check_parsed_spans(text: &str, parsed: &Parsed) {
    if let Some(root) = &parsed.root {
        root.walk(|n| {
            assert_span(text, n.span, "node");
            if let Some(of) = n.alias_of {
                assert_span(text, of, "alias target");
            }
            // A quoted or block scalar's span starts at its quote or `|`/`>` indicator.
            if let (Some(s), None) = (n.as_scalar(), n.alias_of) {
                let first = match s.style {
                    fdl_syntax::ScalarStyle::Plain => None,
                    fdl_syntax::ScalarStyle::SingleQuoted => Some('\''),
                    fdl_syntax::ScalarStyle::DoubleQuoted => Some('"'),
                    fdl_syntax::ScalarStyle::Literal => Some('|'),
                    fdl_syntax::ScalarStyle::Folded => Some('>'),
                };
                if let Some(first) = first {
                    assert!(
                        text[n.span.range()].starts_with(first),
                        "a {:?} scalar at {:?} does not start with `{first}`",
                        s.style,
                        n.span
                    );
                }
            }
        });
    }
    let mut previous_end = 0;
    for c in &parsed.comments {
        assert_span(text, c.span, "comment");
        assert!(c.span.start >= previous_end, "comments out of order");
        previous_end = c.span.end;
        let raw = &text[c.span.range()];
        assert_eq!(
            raw.strip_prefix('#'),
            Some(c.text.as_str()),
            "comment text does not match its span"
        );
        assert!(
            !raw.contains(['\n', '\r']),
            "comment {:?} spans a line break",
            c.span
        );
        let line_start = text[..c.span.start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let before = &text[line_start..c.span.start];
        let blank = before
            .trim_start_matches('\u{feff}')
            .chars()
            .all(|ch| ch == ' ' || ch == '\t');
        assert_eq!(c.own_line, blank, "comment {:?}: wrong own_line", c.span);
    }
    for e in &parsed.errors {
        assert_span(text, e.span, "syntax error");
        assert!(!e.message.is_empty(), "a syntax error without a message");
    }
    // Sorted, as documented; recovery may skip a region twice (harmless, so not asserted).
    for s in &parsed.skipped {
        assert_span(text, *s, "skipped region");
    }
    assert!(
        parsed.skipped.is_sorted_by_key(|s| (s.start, s.end)),
        "skipped regions out of order"
    );
}

/// Offsets to positions and back, in bytes, UTF-16 units and characters, at every char
/// boundary (sampled on long texts).
fn check_line_index(text: &str) {
    let index = LineIndex::new(text);
    assert_eq!(index.len(), text.len());
    let breaks =
        text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    assert_eq!(index.line_count(), breaks + 1, "line count");
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let step = (boundaries.len() / 4096).max(1);
    for &o in boundaries.iter().step_by(step).chain(boundaries.last()) {
        let p = index.position(o);
        let line = index
            .line_span(p.line)
            .unwrap_or_else(|| panic!("offset {o}: line {} has no span", p.line));
        let line_start = line.start;
        assert!(line_start <= o, "offset {o} before the start of its line");
        let before = &text[line_start..o];
        assert_eq!(p.col_utf8 as usize, before.len(), "offset {o}: byte column");
        // On the `\n` of a `\r\n` the columns count the `\r` (the break ends that line).
        assert_eq!(
            p.col_utf16 as usize,
            before.encode_utf16().count(),
            "offset {o}: UTF-16 column"
        );
        assert_eq!(
            p.col_char as usize,
            before.chars().count(),
            "offset {o}: character column"
        );
        assert_eq!(
            index.offset_utf8(p.line, p.col_utf8),
            Some(o),
            "offset {o}: UTF-8 round trip via {p:?}"
        );
        assert_eq!(
            index.offset_utf16(p.line, p.col_utf16),
            Some(o),
            "offset {o}: UTF-16 round trip via {p:?}"
        );
    }
    for line in 0..index.line_count().min(4096) {
        let span = index.line_span(line as u32).expect("an existing line");
        assert_span(text, span, "line");
        assert!(
            !text[span.range()].contains(['\n', '\r']),
            "line {line} holds a line break"
        );
    }
    assert!(index.line_span(index.line_count() as u32).is_none());
}

// ---------------------------------------------------------------------------------------------
// 2. reparse
// ---------------------------------------------------------------------------------------------

/// `fdl_syntax::reparse` after an edit gives exactly what a fresh `parse` gives, and so does
/// undoing the edit. Control bytes: `[start lo, start hi, deleted bytes, inserted text...]`.
pub fn reparse(data: &[u8]) {
    let (old, control) = split(data);
    let insert = String::from_utf8_lossy(control.get(3..).unwrap_or(&[])).into_owned();
    let edit = TextEdit::decode(&old, control, insert);
    let new = edit.apply(&old);
    let first = fdl_syntax::parse(&old);
    let (got, _) = fdl_syntax::reparse(&old, first, &new, Change::between(&old, &new));
    assert_same_parse(&got, &fdl_syntax::parse(&new), "after the edit");
    // The change as the editor reports it (not the smallest one) must do as well.
    let change = Change {
        start: edit.start,
        old_end: edit.end,
        new_end: edit.start + edit.insert.len(),
    };
    let (got, _) = fdl_syntax::reparse(&old, fdl_syntax::parse(&old), &new, change);
    assert_same_parse(&got, &fdl_syntax::parse(&new), "after the edit as typed");
    let (back, _) = fdl_syntax::reparse(&new, got, &old, Change::between(&new, &old));
    assert_same_parse(&back, &fdl_syntax::parse(&old), "after undoing the edit");
}

/// Field by field, so a failure names what differs.
fn assert_same_parse(got: &Parsed, want: &Parsed, when: &str) {
    assert_eq!(
        got.document_count, want.document_count,
        "document_count {when}"
    );
    assert_eq!(got.errors, want.errors, "errors {when}");
    assert_eq!(got.skipped, want.skipped, "skipped {when}");
    assert_eq!(got.comments, want.comments, "comments {when}");
    assert!(
        got.root == want.root,
        "root {when}:\ngot  {:?}\nwant {:?}",
        got.root,
        want.root
    );
}

// ---------------------------------------------------------------------------------------------
// 3. model
// ---------------------------------------------------------------------------------------------

/// `fdl_model::build` never panics, and the partial builds the cached checker uses make up
/// the same model: the flow level (`build_top_level`) plus each top-level step
/// (`build_step`) interpret the same mappings, in the same contexts, as `build`.
pub fn model(data: &[u8]) {
    let text = text_of(data);
    let parsed = fdl_syntax::parse(&text);
    let Some(root) = &parsed.root else { return };
    let flow = fdl_model::build(root);
    let mut visited = 0usize;
    flow.for_each_step(|step| {
        visited += 1;
        assert_span(&text, step.node.span, "step");
        let _ = (step.name_text(), step.ends_list(), step.gotos());
        let _ = (step.child_lists(), step.mapping_lists());
    });
    flow.for_each_list(|list| {
        for s in &list.steps {
            if let Some(name) = s.name_text() {
                assert!(
                    list.find(name).is_some(),
                    "a named step is not found by name"
                );
            }
        }
        let _ = list.goto_candidates().count();
    });
    let key = |o: &fdl_model::model::Object<'_>| (o.node as *const Node, o.context);
    let whole: Vec<_> = flow.objects.iter().map(key).collect();
    let top = fdl_model::build_top_level(root);
    let mut parts: Vec<_> = top.objects.iter().map(key).collect();
    if let Some(list) = &top.steps {
        for step in &list.steps {
            if let Some((_, objects)) = fdl_model::build_step(step.node) {
                parts.extend(objects.iter().map(key));
            }
        }
    }
    let order = |v: &mut Vec<(*const Node, fdl_model::Context)>| {
        v.sort_by_key(|&(n, c)| (n as usize, format!("{c:?}")));
    };
    let (mut whole_sorted, mut parts) = (whole, parts);
    order(&mut whole_sorted);
    order(&mut parts);
    assert!(
        whole_sorted == parts,
        "build_top_level + build_step interpret {} mappings, build {}",
        parts.len(),
        whole_sorted.len()
    );
    assert!(visited <= text.len() + 1, "more steps than bytes");
}

// ---------------------------------------------------------------------------------------------
// 4. check
// ---------------------------------------------------------------------------------------------

/// `fdl_check` on any text: every diagnostic, label and fix lies in the text on char
/// boundaries, and a check reusing the cache of the text before an edit gives exactly the
/// diagnostics of a fresh check. Control bytes as for `reparse`.
pub fn check(data: &[u8]) {
    let (old, control) = split(data);
    let insert = String::from_utf8_lossy(control.get(3..).unwrap_or(&[])).into_owned();
    let new = TextEdit::decode(&old, control, insert).apply(&old);
    let levels = RuleLevels::default();
    let old_parsed = fdl_syntax::parse(&old);
    let (old_diagnostics, cache) =
        fdl_check::check_parsed_cached(&old, &old_parsed, &levels, CheckCache::default());
    check_diagnostics(&old, &old_diagnostics);
    assert_eq!(
        old_diagnostics,
        fdl_check::check_source(&old),
        "a check with an empty cache differs from check_source"
    );
    let new_parsed = fdl_syntax::parse(&new);
    let fresh = fdl_check::check_parsed_with(&new, &new_parsed, &levels);
    check_diagnostics(&new, &fresh);
    let (cached, _) = fdl_check::check_parsed_cached(&new, &new_parsed, &levels, cache);
    assert_eq!(
        cached, fresh,
        "a check reusing the cache of the text before the edit differs from a fresh check"
    );
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let what = d.code;
        assert_span(text, d.span, what);
        assert!(!d.message.trim().is_empty(), "{what}: empty message");
        for l in &d.labels {
            assert_span(text, l.span, what);
        }
        for f in &d.fixes {
            let mut edits: Vec<Span> = f.edits.iter().map(|e| e.span).collect();
            edits.sort();
            for e in &edits {
                assert_span(text, *e, what);
            }
            assert!(
                edits.windows(2).all(|w| w[0].end <= w[1].start),
                "{what}: a fix with overlapping edits"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. fmt
// ---------------------------------------------------------------------------------------------

/// `fdl_fmt::format`: the safety guard never fires (it means a bug), and, checked here
/// independently of it, an `Ok` result holds the same YAML data (scalars with the same value,
/// style and tag; mappings with the same entries, in the same order unless keys are
/// reordered), the same comments, and formats to itself. `format_range` on a range from the
/// control bytes is held to the same. Control bytes: `[options, line width, range start
/// lo, hi, range length lo, hi]`.
pub fn fmt(data: &[u8]) {
    let (text, control) = split(data);
    let options = fdl_fmt::Options {
        reorder_keys: control.first().is_none_or(|&b| b & 1 == 0),
        line_width: control.get(1).map_or(80, |&w| 10 + usize::from(w)),
    };
    let before = fdl_syntax::parse(&text);
    match fdl_fmt::format(&text, &options) {
        Ok(out) => {
            assert_same_meaning(&before, &text, &out, &options);
            match fdl_fmt::format(&out, &options) {
                Ok(twice) => assert!(twice == out, "formatting the result again changes it"),
                Err(e) => panic!("the result cannot be formatted again: {e}"),
            }
        }
        Err(fdl_fmt::FormatError::Syntax) => {
            let fatal = before.errors.iter().any(|e| {
                !matches!(
                    e.kind,
                    fdl_syntax::SyntaxErrorKind::MergeKey
                        | fdl_syntax::SyntaxErrorKind::MultipleDocuments
                )
            });
            assert!(
                fatal,
                "refused as invalid YAML, but the parse found no error"
            );
        }
        Err(e @ fdl_fmt::FormatError::Guard(_)) => panic!("{e}"),
    }
    if let (Some(start), Some(len)) = (u16_at(control, 2), u16_at(control, 4)) {
        let start = start % (text.len() + 1);
        let range = start..(start + len).min(text.len());
        match fdl_fmt::format_range(&text, range, &options) {
            Ok(Some(rep)) => {
                let span = Span::new(rep.range.start, rep.range.end);
                assert_span(&text, span, "format_range replacement");
                let out = format!("{}{}{}", &text[..span.start], rep.text, &text[span.end..]);
                assert_same_meaning(&before, &text, &out, &options);
            }
            Ok(None) | Err(fdl_fmt::FormatError::Syntax) => {}
            Err(e @ fdl_fmt::FormatError::Guard(_)) => panic!("format_range: {e}"),
        }
    }
}

/// The parse of `out` holds the data and the comments of `before` (the parse of `text`).
fn assert_same_meaning(before: &Parsed, text: &str, out: &str, options: &fdl_fmt::Options) {
    let after = fdl_syntax::parse(out);
    assert_eq!(
        before.document_count, after.document_count,
        "the number of documents changed"
    );
    let ordered = !options.reorder_keys;
    let a = before.root.as_ref().map(|r| meaning(r, ordered));
    let b = after.root.as_ref().map(|r| meaning(r, ordered));
    assert!(
        a == b,
        "the formatted text holds other data\n--- input\n{text:?}\n--- output\n{out:?}\n--- \
         input data\n{a:?}\n--- output data\n{b:?}"
    );
    let comments = |p: &Parsed| {
        let mut v: Vec<String> = p
            .comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        comments(before),
        comments(&after),
        "comments were lost or changed\n--- input\n{text:?}\n--- output\n{out:?}"
    );
}

/// The data of a node as a string, spans and layout left out: what formatting must keep.
/// Scalars keep their style (the formatter never adds or removes quotes) and their decoded
/// value; anchors, tags and alias uses are kept as written.
fn meaning(n: &Node, ordered: bool) -> String {
    let mut out = String::new();
    if let Some(tag) = &n.tag {
        out.push_str(&format!("!{tag:?} "));
    }
    if let Some(anchor) = &n.anchor {
        out.push_str(&format!("&{anchor:?} "));
    }
    if n.alias_of.is_some() {
        out.push_str("*alias ");
    }
    match &n.kind {
        NodeKind::Scalar(s) => out.push_str(&format!("{:?} {:?}", s.style, s.value)),
        NodeKind::Sequence(items) => {
            out.push('[');
            for i in items {
                out.push_str(&meaning(i, ordered));
                out.push_str(", ");
            }
            out.push(']');
        }
        NodeKind::Mapping(entries) => {
            let mut pairs: Vec<String> = entries
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        meaning(&e.key, ordered),
                        meaning(&e.value, ordered)
                    )
                })
                .collect();
            if !ordered {
                pairs.sort();
            }
            out.push('{');
            for p in pairs {
                out.push_str(&p);
                out.push_str(", ");
            }
            out.push('}');
        }
        NodeKind::Error => out.push_str("<error>"),
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 6. expr
// ---------------------------------------------------------------------------------------------

/// The path and condition parsers on any text: every span of the result or of the error lies
/// in the text on char boundaries, and a parsed path's segments lie inside the path, in order.
pub fn expr(data: &[u8]) {
    use fdl_model::expr::{SourceKind, classify_source, parse_condition, parse_path};
    let text = text_of(data);
    match parse_path(&text) {
        Ok(path) => check_path(&text, &path),
        Err(e) => assert_span(&text, e.span, "path error"),
    }
    match classify_source(&text) {
        Ok(SourceKind::Reference(p) | SourceKind::DollarPath(p)) => check_path(&text, &p),
        Ok(SourceKind::Constant) => {}
        Err(e) => assert_span(&text, e.span, "source error"),
    }
    match parse_condition(&text) {
        Ok(expr) => {
            check_expr(&text, &expr);
            for p in expr.paths() {
                check_path(&text, p);
            }
        }
        Err(e) => {
            assert_span(&text, e.span, "condition error");
            assert!(!e.message.is_empty(), "a condition error without a message");
        }
    }
}

fn check_path(text: &str, path: &fdl_model::expr::Path) {
    assert_span(text, path.span, "path");
    assert_span(text, path.root_span, "path root");
    assert_eq!(
        text.get(path.root_span.range()),
        Some(path.root.as_str()),
        "the root span does not hold the root"
    );
    let mut at = path.root_span.end;
    for s in &path.segments {
        assert_span(text, s.span, "path segment");
        assert_span(text, s.name_span(), "path segment name");
        assert!(s.span.start >= at, "path segments out of order");
        assert!(s.span.end <= path.span.end, "a segment outside its path");
        let name = s.name_span();
        assert!(
            name.start >= s.span.start && name.end <= s.span.end,
            "a segment's name outside the segment"
        );
        at = s.span.end;
    }
}

fn check_expr(text: &str, e: &fdl_model::expr::Expr) {
    use fdl_model::expr::Expr;
    // An explicit stack: conditions may nest deep.
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        let span = e.span();
        assert_span(text, span, "condition");
        let inside = |inner: Span| inner.start >= span.start && inner.end <= span.end;
        match e {
            Expr::Array { items, .. } => {
                for i in items {
                    assert!(inside(i.span()), "a list item outside its list");
                    stack.push(i);
                }
            }
            Expr::Unary { op_span, expr, .. } => {
                assert_span(text, *op_span, "operator");
                assert!(inside(*op_span), "an operator outside its expression");
                stack.push(expr);
            }
            Expr::Binary {
                op_span, lhs, rhs, ..
            } => {
                assert_span(text, *op_span, "operator");
                assert!(inside(*op_span), "an operator outside its expression");
                assert!(
                    lhs.span().end <= op_span.start && op_span.end <= rhs.span().start,
                    "operands and operator out of order"
                );
                stack.push(lhs);
                stack.push(rhs);
            }
            Expr::Path(p) => check_path(text, p),
            Expr::String { .. } | Expr::Number { .. } | Expr::Bool { .. } | Expr::Null { .. } => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 7. ide
// ---------------------------------------------------------------------------------------------

/// The editor features at offsets taken from the input, on any text: no panic, every span in
/// the text on char boundaries, the documented shapes (a completion replaces a word on the
/// cursor's line around the cursor; semantic tokens sorted, disjoint, within a line), and an
/// `Analysis::edited` after an edit answers as `Analysis::new` of the new text. Control bytes:
/// `[start lo, start hi, deleted bytes, piece inserted, offset lo, offset hi, ...]`.
pub fn ide(data: &[u8]) {
    let (text, control) = split(data);
    let mut offsets: Vec<usize> = control
        .get(4..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .take(16)
        .map(|c| usize::from(u16::from_le_bytes([c[0], c[1]])) % (text.len() + 1))
        .collect();
    if offsets.is_empty() {
        offsets = default_offsets(&text);
    }
    let analysis = fdl_ide::Analysis::new(text.clone());
    query_all(&analysis, &offsets);

    let piece = PIECES[usize::from(control.get(3).copied().unwrap_or(1)) % PIECES.len()];
    let new = TextEdit::decode(&text, control, piece.to_string()).apply(&text);
    let levels = RuleLevels::default();
    let _ = analysis.diagnostics(&levels);
    let edited = fdl_ide::Analysis::edited(analysis, new.clone());
    let fresh = fdl_ide::Analysis::new(new.clone());
    assert_eq!(edited.is_flow(), fresh.is_flow(), "is_flow after an edit");
    assert_eq!(
        edited.diagnostics(&levels),
        fresh.diagnostics(&levels),
        "diagnostics after an edit"
    );
    for &o in &offsets {
        assert_eq!(
            edited.completions(o),
            fresh.completions(o),
            "completions at {o} after an edit"
        );
        assert_eq!(
            edited.hover(o),
            fresh.hover(o),
            "hover at {o} after an edit"
        );
    }
}

/// Without control bytes: the start and end of lines (where a cursor most often stands), at
/// most 24 of them, spread over the text.
fn default_offsets(text: &str) -> Vec<usize> {
    let mut all = vec![0, text.len()];
    for (i, c) in text.char_indices() {
        if c == '\n' {
            all.push(i);
            all.push(i + 1);
        }
    }
    let step = (all.len() / 24).max(1);
    all.into_iter().step_by(step).collect()
}

/// Where the IDE takes a cursor at `offset` to be: on a char boundary, and before the `\r` of
/// a CRLF rather than inside it.
fn cursor(text: &str, offset: usize) -> usize {
    let at = floor(text, offset);
    if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
        at - 1
    } else {
        at
    }
}

fn query_all(a: &fdl_ide::Analysis, offsets: &[usize]) {
    let text = a.text();
    let levels = RuleLevels::default();
    for &raw in offsets {
        // The raw offset goes to the IDE, which must cope with any; the checks use the cursor
        // it stands for.
        let o = cursor(text, raw);
        for c in a.completions(raw) {
            assert_span(text, c.replace, "completion replace");
            assert!(
                c.replace.start <= o && o <= c.replace.end,
                "completion {:?} at {o} replaces {:?}, which does not hold the cursor",
                c.label,
                c.replace
            );
            assert!(
                !text[c.replace.range()].contains(['\n', '\r']),
                "completion {:?} at {o} replaces across lines",
                c.label
            );
            assert!(!c.label.is_empty(), "a completion without a label");
        }
        if let Some(h) = a.hover(raw) {
            assert_span(text, h.span, "hover");
            assert!(!h.markdown.trim().is_empty(), "an empty hover");
        }
        for t in a.definition(raw) {
            assert_span(text, t.full, "definition");
            assert_span(text, t.focus, "definition focus");
        }
        for s in a.references(raw, true) {
            assert_span(text, s, "reference");
        }
        if let Ok(s) = a.prepare_rename(raw) {
            assert_span(text, s, "rename");
            if let Ok(edits) = a.rename(raw, "renamed") {
                for e in edits {
                    assert_span(text, e.span, "rename edit");
                }
            }
        }
        let range = Span::new(o, ceil(text, o + 8));
        for action in a.code_actions(range, &levels) {
            for e in &action.edits {
                assert_span(text, e.span, "code action edit");
            }
        }
    }
    for nested in a.selection_ranges(offsets) {
        for s in nested {
            assert_span(text, s, "selection range");
        }
    }
    let mut symbols = a.document_symbols();
    while let Some(s) = symbols.pop() {
        assert_span(text, s.full, "symbol");
        assert_span(text, s.focus, "symbol focus");
        symbols.extend(s.children);
    }
    let lines = LineIndex::new(text).line_count() as u32;
    for f in a.folding_ranges() {
        assert!(
            f.start_line <= f.end_line && f.end_line < lines,
            "fold {f:?} outside the {lines} lines"
        );
    }
    let mut previous_end = 0;
    for t in a.semantic_tokens() {
        assert_span(text, t.span, "semantic token");
        assert!(
            t.span.start >= previous_end,
            "semantic tokens overlap or are unsorted"
        );
        assert!(
            !text[t.span.range()].contains(['\n', '\r']),
            "a semantic token spans a line break"
        );
        previous_end = t.span.end;
    }
}

/// A target: a function of the fuzzer's input that panics when an invariant fails.
pub type Target = fn(&[u8]);

/// The functions by target name, for the regression test and tools.
pub const TARGETS: &[(&str, Target)] = &[
    ("syntax", syntax),
    ("reparse", reparse),
    ("model", model),
    ("check", check),
    ("fmt", fmt),
    ("expr", expr),
    ("ide", ide),
];
