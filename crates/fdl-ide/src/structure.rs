//! Document symbols, folding ranges and selection ranges.

use fdl_syntax::{Node, NodeKind, Span};

use crate::index::{Index, ListId, ListRole, StepId};
use crate::lines::short;
use crate::tree::{self, Via};
use crate::{Analysis, Fold, FoldKind, Symbol, SymbolKind};

pub(crate) fn symbols(a: &Analysis) -> Vec<Symbol> {
    let Some(root) = a.root() else {
        return Vec::new();
    };
    if root.as_mapping().is_none() {
        return Vec::new();
    }
    let ix = a.index();
    let name = root
        .get("name")
        .and_then(Node::scalar_text)
        .filter(|n| !n.is_empty())
        .unwrap_or("flow");
    let detail = match root.get("version").and_then(Node::scalar_text) {
        Some(v) => format!("flow {v}"),
        None => "flow".to_string(),
    };
    let focus = root
        .get_entry("type")
        .or_else(|| root.as_mapping().and_then(|m| m.first()))
        .map_or(Span::empty(root.span.start), |e| e.key.span);
    let children = ix.top.map(|top| list_symbols(ix, top)).unwrap_or_default();
    vec![Symbol {
        name: name.to_string(),
        detail,
        kind: SymbolKind::Flow,
        full: root.span,
        focus,
        children,
    }]
}

fn list_symbols(ix: &Index, list: ListId) -> Vec<Symbol> {
    ix.lists[list]
        .steps
        .iter()
        .map(|&s| step_symbol(ix, s))
        .collect()
}

fn step_symbol(ix: &Index, id: StepId) -> Symbol {
    let step = &ix.steps[id];
    let detail = match (&step.kind, &step.type_value) {
        (Some(k), _) => k.name().to_string(),
        (None, Some(t)) => format!("{} (unknown type)", short(&t.text, 30)),
        (None, None) => "step without a type".to_string(),
    };
    let mut children = Vec::new();
    for &list in &step.children {
        let info = &ix.lists[list];
        let (name, detail) = match &info.role {
            ListRole::ForeachBody | ListRole::Top => {
                children.extend(list_symbols(ix, list));
                continue;
            }
            ListRole::ChoiceBranch(i, condition) => (
                match condition {
                    Some(c) => format!("when {}", short(c, 60)),
                    None => format!("branch {}", i + 1),
                },
                "choice branch".to_string(),
            ),
            ListRole::ChoiceDefault => ("default".to_string(), "choice default".to_string()),
            ListRole::ParallelBranch(i) => {
                (format!("branch {}", i + 1), "parallel branch".to_string())
            }
        };
        children.push(Symbol {
            name,
            detail,
            kind: SymbolKind::Branch,
            full: info.holder,
            focus: info.head,
            children: list_symbols(ix, list),
        });
    }
    Symbol {
        name: ix.step_label(id),
        detail,
        kind: SymbolKind::Step,
        full: step.span,
        focus: step.focus(),
        children,
    }
}

pub(crate) fn folding_ranges(a: &Analysis) -> Vec<Fold> {
    let lines = a.lines();
    let mut folds: Vec<Fold> = Vec::new();
    let mut region = |start: usize, end: usize| {
        let (s, e) = (lines.line_of(start), lines.line_of(end));
        if e > s {
            folds.push(Fold {
                start_line: s as u32,
                end_line: e as u32,
                kind: FoldKind::Region,
            });
        }
    };
    if let Some(root) = a.root() {
        root.walk(|node| {
            if node.alias_of.is_some() {
                return;
            }
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    for e in entries {
                        if e.value.alias_of.is_none() && !e.value.span.is_empty() {
                            region(e.key.span.start, e.value.span.end);
                        }
                    }
                }
                NodeKind::Sequence(items) => {
                    for item in items {
                        if matches!(item.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_))
                            && item.alias_of.is_none()
                        {
                            region(item.span.start, item.span.end);
                        }
                    }
                }
                _ => {}
            }
        });
    }
    // Runs of two or more own-line comments.
    let comments = &a.parsed().comments;
    let mut i = 0;
    while i < comments.len() {
        if !comments[i].own_line {
            i += 1;
            continue;
        }
        let first = lines.line_of(comments[i].span.start);
        let mut last = first;
        let mut j = i + 1;
        while j < comments.len()
            && comments[j].own_line
            && lines.line_of(comments[j].span.start) == last + 1
        {
            last += 1;
            j += 1;
        }
        if last > first {
            folds.push(Fold {
                start_line: first as u32,
                end_line: last as u32,
                kind: FoldKind::Comment,
            });
        }
        i = j;
    }
    // One fold per start line: the longest.
    folds.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    folds.dedup_by_key(|f| f.start_line);
    folds
}

/// The spans around `offset`, innermost first, each holding the one before.
pub(crate) fn selection_ranges(a: &Analysis, offset: usize) -> Vec<Span> {
    let text = a.text();
    let mut outer_first: Vec<Span> = vec![Span::new(0, text.len())];
    if let Some(root) = a.root() {
        let hops = tree::descend(root, offset);
        for (i, hop) in hops.iter().enumerate() {
            match hop.via {
                Via::Root => outer_first.push(hop.node.span),
                Via::Key(e) | Via::Value(e) => {
                    outer_first.push(tree::entry_span(e));
                    outer_first.push(hop.node.span);
                }
                Via::Item => {
                    // The item with its `- ` indicator.
                    let start = hop.node.span.start;
                    let before = &text[..start];
                    let trimmed = before.trim_end_matches([' ', '\t']);
                    if trimmed.ends_with('-') && i > 0 {
                        outer_first.push(Span::new(trimmed.len() - 1, hop.node.span.end));
                    }
                    outer_first.push(hop.node.span);
                }
            }
        }
        // Inside a scalar: the path or word under the cursor.
        if let Some(last) = hops.last()
            && last.node.as_scalar().is_some()
        {
            let span = last.node.span;
            let inside = &text[span.start..span.end.min(text.len())];
            let at = offset - span.start;
            let run = |keep: &dyn Fn(char) -> bool| -> Span {
                let start = inside[..at]
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| keep(c))
                    .last()
                    .map_or(at, |(i, _)| i);
                let end = at
                    + inside[at..]
                        .char_indices()
                        .find(|&(_, c)| !keep(c))
                        .map_or(inside.len() - at, |(i, _)| i);
                Span::new(span.start + start, span.start + end)
            };
            outer_first.push(run(&|c: char| {
                !c.is_whitespace() && !"()!=<>&|,\"'`{}".contains(c)
            }));
            outer_first.push(run(&|c: char| c.is_alphanumeric() || c == '_' || c == '-'));
        }
    }
    // Innermost first; drop empty spans and any that does not hold the one inside it.
    let mut out: Vec<Span> = Vec::new();
    for span in outer_first.into_iter().rev() {
        if span.is_empty() || !(span.start <= offset && offset <= span.end) {
            continue;
        }
        match out.last() {
            Some(last) if *last == span => {}
            Some(last) if !(span.start <= last.start && last.end <= span.end) => {}
            _ => out.push(span),
        }
    }
    if out.is_empty() {
        out.push(Span::empty(offset));
    }
    out
}
