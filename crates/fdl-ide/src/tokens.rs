//! Semantic tokens for the expressions inside YAML strings: mapping sources, choice
//! conditions, `$.paths` of `collection`, wait times and `serviceParams`. A plain YAML
//! highlighter sees one string; these tokens show the roots, path segments, operators and
//! literals in it.

use fdl_model::expr::{Path, SourceKind, classify_source, parse_path};
use fdl_model::model::{Body, MappingList};
use fdl_syntax::{Node, Span};

use crate::{Analysis, Token, TokenKind};

pub(crate) fn semantic_tokens(a: &Analysis) -> Vec<Token> {
    let Some(root) = a.root() else {
        return Vec::new();
    };
    if root.as_mapping().is_none() {
        return Vec::new();
    }
    let text = a.text();
    let flow = fdl_model::build(root);
    let mut out = Vec::new();
    let sources = |list: &Option<MappingList<'_>>, out: &mut Vec<Token>| {
        for item in list.iter().flat_map(|l| l.items.iter()) {
            if let Some(node) = item.source {
                source_tokens(text, node, out);
            }
        }
    };
    sources(&flow.input_mappings, &mut out);
    sources(&flow.output_mappings, &mut out);
    flow.for_each_step(|step| {
        for (_, list) in step.mapping_lists() {
            for item in &list.items {
                if let Some(node) = item.source {
                    source_tokens(text, node, &mut out);
                }
            }
        }
        match &step.body {
            Body::Choice(choice) => {
                for branch in &choice.branches {
                    if let Some(node) = branch.condition {
                        condition_tokens(text, node, &mut out);
                    }
                }
            }
            Body::Foreach(foreach) => {
                if let Some(node) = foreach.collection {
                    dollar_path_tokens(text, node, &mut out);
                }
            }
            Body::Wait(wait) => {
                for node in [wait.duration, wait.timestamp].into_iter().flatten() {
                    dollar_path_tokens(text, node, &mut out);
                }
            }
            Body::Task(task) => {
                if let Some(params) = task.service_params.and_then(Node::as_mapping) {
                    for e in params {
                        dollar_path_tokens(text, &e.value, &mut out);
                    }
                }
            }
            _ => {}
        }
    });
    out.sort_by_key(|t| (t.span.start, t.span.end));
    let mut clean: Vec<Token> = Vec::with_capacity(out.len());
    for t in out {
        if clean
            .last()
            .is_none_or(|last| last.span.end <= t.span.start)
        {
            clean.push(t);
        }
    }
    clean
}

/// Maps a range of the scalar's value to the source, only where the source shows exactly
/// those characters on one line (escapes and folded lines are left alone).
fn push(text: &str, node: &Node, value: &str, range: Span, kind: TokenKind, out: &mut Vec<Token>) {
    if range.is_empty() || node.alias_of.is_some() {
        return;
    }
    let Some(expected) = value.get(range.range()) else {
        return;
    };
    let span = node.value_to_source(text, range.range());
    if span.is_empty() || text.get(span.range()) != Some(expected) || expected.contains('\n') {
        return;
    }
    out.push(Token { span, kind });
}

fn path_tokens(
    text: &str,
    node: &Node,
    value: &str,
    base: usize,
    path: &Path,
    out: &mut Vec<Token>,
) {
    let shift = |s: Span| Span::new(s.start + base, s.end + base);
    push(
        text,
        node,
        value,
        shift(path.root_span),
        TokenKind::Variable,
        out,
    );
    for seg in &path.segments {
        push(
            text,
            node,
            value,
            shift(seg.name_span()),
            TokenKind::Property,
            out,
        );
    }
}

fn source_tokens(text: &str, node: &Node, out: &mut Vec<Token>) {
    let Some(value) = node.as_str() else {
        return;
    };
    if let Ok(SourceKind::Reference(path) | SourceKind::DollarPath(path)) = classify_source(value) {
        path_tokens(text, node, value, 0, &path, out);
    }
}

/// A value that is a `$.path` (or any `$` path).
fn dollar_path_tokens(text: &str, node: &Node, out: &mut Vec<Token>) {
    let Some(value) = node.as_str() else {
        return;
    };
    if !value.starts_with('$') {
        return;
    }
    if let Ok(path) = parse_path(value) {
        path_tokens(text, node, value, 0, &path, out);
    }
}

/// A condition, read token by token (so a half-typed condition is still coloured).
fn condition_tokens(text: &str, node: &Node, out: &mut Vec<Token>) {
    let Some(value) = node.as_str() else {
        return;
    };
    let b = value.as_bytes();
    let mut i = 0;
    let mut after_value = false;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'$' => {
                i += 1;
                while i < b.len() {
                    match b[i] {
                        b'[' => {
                            // Up to the matching `]`, over quoted names.
                            i += 1;
                            while i < b.len() && b[i] != b']' {
                                if let q @ (b'\'' | b'"') = b[i] {
                                    i += 1;
                                    while i < b.len() && b[i] != q {
                                        i += 1;
                                    }
                                }
                                i += 1;
                            }
                            i = (i + 1).min(b.len());
                        }
                        b' ' | b'\t' | b'\n' | b'\r' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|'
                        | b'(' | b')' | b',' | b'+' | b'*' | b'/' | b'%' | b'"' | b'\'' | b'`' => {
                            break;
                        }
                        _ => i += 1,
                    }
                }
                let run = &value[start..i];
                match parse_path(run) {
                    Ok(path) => path_tokens(text, node, value, start, &path, out),
                    Err(_) => push(
                        text,
                        node,
                        value,
                        Span::new(start, i),
                        TokenKind::Variable,
                        out,
                    ),
                }
                after_value = true;
                continue;
            }
            b'"' | b'\'' | b'`' => {
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                push(
                    text,
                    node,
                    value,
                    Span::new(start, i),
                    TokenKind::String,
                    out,
                );
                after_value = true;
                continue;
            }
            // A number, or a negative one where a value is expected (else `-` subtracts).
            b'0'..=b'9' | b'-'
                if c != b'-' || (!after_value && b.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                i = number_end(b, if c == b'-' { i + 1 } else { i });
                push(
                    text,
                    node,
                    value,
                    Span::new(start, i),
                    TokenKind::Number,
                    out,
                );
                after_value = true;
                continue;
            }
            _ => {}
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let kind = match &value[start..i] {
                "true" | "false" | "null" => Some(TokenKind::Keyword),
                "in" => Some(TokenKind::Operator),
                _ => None,
            };
            if let Some(kind) = kind {
                push(text, node, value, Span::new(start, i), kind, out);
            }
            after_value = kind != Some(TokenKind::Operator);
            continue;
        }
        let two = value.get(i..i + 2).unwrap_or("");
        let len = if matches!(two, "==" | "!=" | ">=" | "<=" | "=~" | "!~" | "&&" | "||") {
            2
        } else if matches!(c, b'>' | b'<' | b'!' | b'+' | b'-' | b'*' | b'/' | b'%') {
            1
        } else {
            // Brackets, commas and anything else: skip the whole character.
            let ch = value[i..].chars().next().map_or(1, char::len_utf8);
            i += ch;
            after_value = matches!(c, b')' | b']');
            continue;
        };
        i += len;
        push(
            text,
            node,
            value,
            Span::new(start, i),
            TokenKind::Operator,
            out,
        );
        after_value = false;
    }
}

fn number_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            i = j;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}
