//! Renders a parse result as text for snapshots: every node with its span and the source text
//! the span covers, then errors and comments.

#![allow(dead_code)]

use std::fmt::Write;

use fdl_syntax::{Node, NodeKind, Parsed, ScalarStyle, Span};

pub fn render(text: &str, parsed: &Parsed) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "documents: {}", parsed.document_count);
    match &parsed.root {
        Some(root) => node(&mut out, text, root, 0, ""),
        None => out.push_str("(no root)\n"),
    }
    if !parsed.errors.is_empty() {
        out.push_str("errors:\n");
        for e in &parsed.errors {
            let _ = writeln!(
                out,
                "  {:?} {:?} {} -- {}",
                e.kind,
                e.span,
                src(text, e.span),
                e.message
            );
        }
    }
    if !parsed.comments.is_empty() {
        out.push_str("comments:\n");
        for c in &parsed.comments {
            let _ = writeln!(out, "  {:?} own_line={} {:?}", c.span, c.own_line, c.text);
        }
    }
    out
}

pub fn src(text: &str, span: Span) -> String {
    match text.get(span.range()) {
        Some(s) => format!("{s:?}"),
        None => format!("<bad span {span:?}>"),
    }
}

fn props(n: &Node) -> String {
    let mut s = String::new();
    if let Some(t) = &n.tag {
        let _ = write!(s, " tag={t}");
    }
    if let Some(a) = &n.anchor {
        let _ = write!(s, " anchor={a}");
    }
    if let Some(a) = n.alias_of {
        let _ = write!(s, " alias_of={a:?}");
    }
    s
}

fn node(out: &mut String, text: &str, n: &Node, depth: usize, label: &str) {
    let pad = "  ".repeat(depth);
    match &n.kind {
        NodeKind::Scalar(s) => {
            let style = match s.style {
                ScalarStyle::Plain => "plain",
                ScalarStyle::SingleQuoted => "single",
                ScalarStyle::DoubleQuoted => "double",
                ScalarStyle::Literal => "literal",
                ScalarStyle::Folded => "folded",
            };
            let _ = writeln!(
                out,
                "{pad}{label}{style} {:?} {:?} {}{}",
                s.value,
                n.span,
                src(text, n.span),
                props(n)
            );
        }
        NodeKind::Error => {
            let _ = writeln!(
                out,
                "{pad}{label}ERROR {:?} {}{}",
                n.span,
                src(text, n.span),
                props(n)
            );
        }
        NodeKind::Sequence(items) => {
            let _ = writeln!(out, "{pad}{label}seq {:?}{}", n.span, props(n));
            for i in items {
                node(out, text, i, depth + 1, "- ");
            }
        }
        NodeKind::Mapping(entries) => {
            let _ = writeln!(out, "{pad}{label}map {:?}{}", n.span, props(n));
            for e in entries {
                node(out, text, &e.key, depth + 1, "k ");
                node(out, text, &e.value, depth + 2, "v ");
            }
        }
    }
}

/// Checks every span in the tree, the errors and the comments lies on character boundaries of
/// `text`, and that each node's span covers its children.
pub fn check_spans(text: &str, parsed: &Parsed) {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    if let Some(root) = &parsed.root {
        root.walk(|n| {
            assert!(ok(n.span), "bad node span {:?}", n.span);
            if let Some(value) = n.scalar_text() {
                // A few ranges of every scalar: the first and last characters, the whole value.
                let first = value.chars().next().map_or(0, char::len_utf8);
                let last = value.char_indices().last().map_or(0, |(i, _)| i);
                for range in [0..first, last..value.len(), 0..value.len(), first..first] {
                    let s = n.value_to_source(text, range.clone());
                    assert!(
                        ok(s),
                        "bad value_to_source {range:?} -> {s:?} of {:?}",
                        n.span
                    );
                    if n.alias_of.is_none() {
                        assert!(
                            s.start >= n.span.start,
                            "{range:?} -> {s:?} before {:?}",
                            n.span
                        );
                    }
                }
            }
            if n.alias_of.is_some() {
                return;
            }
            let inside = |s: Span| n.span.start <= s.start && s.end <= n.span.end;
            let children: Vec<&Node> = match &n.kind {
                NodeKind::Sequence(items) => items.iter().collect(),
                NodeKind::Mapping(entries) => {
                    // Entries merged in by a `<<` key keep the spans of the merged text.
                    let merges = entries.iter().any(|e| e.key.scalar_text() == Some("<<"));
                    entries
                        .iter()
                        .filter(|e| !merges || inside(e.key.span))
                        .flat_map(|e| [&e.key, &e.value])
                        .collect()
                }
                _ => Vec::new(),
            };
            for c in children {
                if c.alias_of.is_none() && !c.is_error() {
                    assert!(
                        inside(c.span),
                        "child {:?} outside parent {:?}",
                        c.span,
                        n.span
                    );
                }
            }
        });
    }
    for e in &parsed.errors {
        assert!(ok(e.span), "bad error span {:?}", e.span);
    }
    for c in &parsed.comments {
        assert!(ok(c.span), "bad comment span {:?}", c.span);
        assert_eq!(&text[c.span.range()][1..], c.text);
    }
}
